# The portal's commands. `make build` publishes, `make test` checks, `make serve` previews.
# Each bootstraps .venv from requirements.lock when needed.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
SITE   ?= site

# Material prints an end-of-life banner on every build; keep real output readable.
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: build publish test serve check contributing clean lock bench new-case-study new-column new-episode

$(STAMP): requirements.lock pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $(STAMP)

# Builds beside $(SITE) and swaps the result in only when the whole build succeeded;
# SOURCE_DATE_EPOCH comes from the last commit, so two builds of a commit are byte-identical.
build: $(STAMP)
	$(PY) scripts/build_site.py --site-dir $(SITE)
	@echo "Site built: $(abspath $(SITE))/index.html"

# The site for reading from disk (the pull-request artifact): the same build with Material's
# offline plugin, file names instead of directory addresses, so every link opens its page on
# file://. Open $(OFFLINE_SITE)/index.html. The published site (make build) keeps directory addresses.
OFFLINE_SITE ?= site-offline
.PHONY: build-offline
build-offline: $(STAMP)
	CLN_OFFLINE=true $(PY) scripts/build_site.py --site-dir $(OFFLINE_SITE)
	@echo "Site for reading offline: $(abspath $(OFFLINE_SITE))/index.html"

# Refuses on uncommitted changes, builds as above, then deploys: GitHub Pages (mkdocs gh-deploy)
# by default, or rsync to TARGET, e.g. make publish TARGET=web@host:/var/www/cln
publish: $(STAMP)
	$(PY) scripts/build_site.py --site-dir $(SITE) --publish $(if $(TARGET),--target "$(TARGET)")

# Every content problem in one run, without building (also run on every pull request).
check: $(STAMP)
	$(PY) -m cln_portal check

# New content from templates, e.g. make new-case-study TITLE="Cutting waits for scans".
# TITLE and AUTHOR reach the command through the environment, unexpanded, so quotes and $ in
# a title are kept as typed and never run by the shell.
override TITLE := $(value TITLE)
override AUTHOR := $(value AUTHOR)
override DATE := $(value DATE)
override DESCRIPTION := $(value DESCRIPTION)
override SERIES := $(value SERIES)
export TITLE AUTHOR AUDIO DATE DESCRIPTION SERIES NUMBER ARTWORK CHAPTERS
new-case-study: $(STAMP)
	@test -n "$$TITLE" || { echo 'Give the title: make new-case-study TITLE="..."' >&2; exit 2; }
	$(PY) -m cln_portal new case-study "$$TITLE"

new-column: $(STAMP)
	@test -n "$$TITLE" || { echo 'Give the title: make new-column TITLE="..." [AUTHOR=id]' >&2; exit 2; }
	$(PY) -m cln_portal new column "$$TITLE" $${AUTHOR:+--author "$$AUTHOR"}

# make new-episode AUDIO=talk.mp3 [TITLE=... DATE=YYYY-MM-DD DESCRIPTION=... SERIES=... NUMBER=3
# ARTWORK=cover.png CHAPTERS=chapters.txt]: says which tags are missing, writes those given.
new-episode: $(STAMP)
	@test -n "$$AUDIO" || { echo 'Give the audio file: make new-episode AUDIO=path/to/episode.mp3' >&2; exit 2; }
	$(PY) -m cln_portal new episode "$$AUDIO" $${TITLE:+--title "$$TITLE"} $${DATE:+--date "$$DATE"} \
		$${DESCRIPTION:+--description "$$DESCRIPTION"} $${SERIES:+--series "$$SERIES"} \
		$${NUMBER:+--number "$$NUMBER"} $${ARTWORK:+--artwork "$$ARTWORK"} $${CHAPTERS:+--chapters "$$CHAPTERS"}

# Regenerate CONTRIBUTING.md's allowed values and the issue form after editing the vocabulary.
contributing: $(STAMP)
	$(PY) scripts/update_contributing.py

test: $(STAMP)
	$(PY) -m pytest

# Live preview with drafts: reloads on any change under content/ (docs_dir), overrides/ (the
# theme) and, through the plugin, case_studies/ and podcasts/. --dirty: after an edit the plugin
# rebuilds only the pages it changes (see README, Performance). ADDR=127.0.0.1:8001 for another port.
ADDR ?= 127.0.0.1:8000
serve: $(STAMP)
	$(PY) -m mkdocs serve --dirty --dev-addr $(ADDR) --livereload --watch overrides

# Benchmark on a synthetic library (see README, Performance). `make bench SIZES=tiny` for a quick
# run; BENCH_ARGS passes options, e.g. BENCH_ARGS="--no-browser --serve ''".
SIZES ?= 100 1000 3000
BENCH_ARGS ?=
bench: $(STAMP)
	$(PY) scripts/bench $(SIZES) $(BENCH_ARGS)

clean:
	rm -rf $(SITE) .cache .$(notdir $(SITE)).building-*

# Re-pin every dependency after changing pyproject.toml (needs the network).
lock: $(STAMP)
	$(PY) -m pip freeze --exclude-editable | sed '1i # Every dependency, pinned. Regenerate with: make lock' > requirements.lock
