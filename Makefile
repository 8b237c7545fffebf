# The portal's commands. `make build` publishes, `make test` checks, `make serve` previews.
# Each bootstraps .venv from requirements.lock when needed.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
EDITOR_DEPS := $(if $(wildcard package-lock.json),node_modules/.package-lock.json)
SITE   ?= site

# `make` alone, or `make help`: every target with its one line (the "## " text after it).
.DEFAULT_GOAL := help
help:  ## list the targets
	@echo "make TARGET, where TARGET is one of:"
	@sed -n 's/^\([a-z][a-z-]*\):.*## \(.*\)$$/\1|\2/p' $(firstword $(MAKEFILE_LIST)) | \
		awk -F'|' '{ printf "  %-16s %s\n", $$1, $$2 }'

# Material prints an end-of-life banner on every build; keep real output readable.
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: build publish test serve check contributing clean lock bench new-case-study new-column new-episode help cms edit
.PHONY: serve-site stats stats-report bench-stats

$(STAMP): requirements.lock pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $(STAMP)

# Builds beside $(SITE) and swaps the result in only when the whole build succeeded;
# SOURCE_DATE_EPOCH comes from the last commit, so two builds of a commit are byte-identical.
build: $(STAMP) $(EDITOR_DEPS)  ## build the site into site/ (strict; the old site stays if it fails)
	CLN_LOCKED=$(LOCKED) $(PY) scripts/build_site.py --site-dir $(SITE)
	@echo "Site built: $(abspath $(SITE))/index.html"

# The site for reading from disk (the pull-request artifact): the same build with Material's
# offline plugin, file names instead of directory addresses, so every link opens its page on
# file://. Open $(OFFLINE_SITE)/index.html. The published site (make build) keeps directory addresses.
OFFLINE_SITE ?= site-offline
.PHONY: build-offline
build-offline: $(STAMP) $(EDITOR_DEPS)  ## build for reading from disk into site-offline/ (the pull-request artifact)
	CLN_OFFLINE=true CLN_LOCKED=$(LOCKED) $(PY) scripts/build_site.py --site-dir $(OFFLINE_SITE)
	@echo "Site for reading offline: $(abspath $(OFFLINE_SITE))/index.html"

# Refuses on uncommitted changes, builds as above, then deploys: GitHub Pages (mkdocs gh-deploy)
# by default, or rsync to TARGET, e.g. make publish TARGET=web@host:/var/www/cln
publish: $(STAMP) $(EDITOR_DEPS)  ## build, then deploy (GitHub Pages, or rsync to TARGET=user@host:/path)
	$(PY) scripts/build_site.py --site-dir $(SITE) --publish $(if $(TARGET),--target "$(TARGET)")

# After a publish (which does it by itself unless NOTIFY=no): tell the WebSub hubs, the Podcast
# Index and podping (token in PODPING_TOKEN) that the feeds changed; see podcasts/show.yml.
.PHONY: notify
notify: $(STAMP)  ## tell the WebSub hubs and the Podcast Index again that the feeds changed
	$(PY) -m cln_portal.podcast.notify --site-dir $(SITE)

# Check a published portal as Apple's and Spotify's crawlers will, e.g.
# make verify URL=https://nhs-cln.github.io/portal/ (one line per problem; fails on any).
.PHONY: verify
verify: $(STAMP)  ## check a published portal as podcast apps will: make verify URL=https://...
	@test -n "$(URL)" || { echo 'Give the address: make verify URL=https://...' >&2; exit 2; }
	$(PY) -m cln_portal verify "$(URL)"

# Every content problem in one run, without building (also run on every pull request).
# Locked mode (LOCKED=1, the default under CI=true): podcasts/published.yml must match the content
# (make check and make build), and content/_data/addresses.yml every moved item's old address (make build).
LOCKED ?= $(if $(filter true,$(CI)),1,)
check: $(STAMP)  ## list every content problem, without building
	CLN_LOCKED=$(LOCKED) $(PY) -m cln_portal check

# New content from templates, e.g. make new-case-study TITLE="Cutting waits for scans".
# TITLE and AUTHOR reach the command through the environment, unexpanded, so quotes and $ in
# a title are kept as typed and never run by the shell. CLN_FROM_MAKE=1: the command's advice
# names these variables (TITLE=...) instead of its own options (--title).
override TITLE := $(value TITLE)
override AUTHOR := $(value AUTHOR)
override DATE := $(value DATE)
override DESCRIPTION := $(value DESCRIPTION)
override SERIES := $(value SERIES)
export TITLE AUTHOR AUDIO DATE DESCRIPTION SERIES SEASON NUMBER ARTWORK CHAPTERS
new-case-study new-column new-episode: export CLN_FROM_MAKE := 1
new-case-study: $(STAMP)  ## start a case study: make new-case-study TITLE="..."
	@test -n "$$TITLE" || { echo 'Give the title: make new-case-study TITLE="..."' >&2; exit 2; }
	@$(PY) -m cln_portal new case-study "$$TITLE"

new-column: $(STAMP)  ## start a column post: make new-column TITLE="..." [AUTHOR=id]
	@test -n "$$TITLE" || { echo 'Give the title: make new-column TITLE="..." [AUTHOR=id]' >&2; exit 2; }
	@$(PY) -m cln_portal new column "$$TITLE" $${AUTHOR:+--author "$$AUTHOR"}

# make new-episode AUDIO=talk.mp3 [TITLE=... DATE=YYYY-MM-DD DESCRIPTION=... SERIES=... SEASON=1
# NUMBER=3 ARTWORK=cover.png CHAPTERS=chapters.txt]: lists every tag missing, writes those given.
new-episode: $(STAMP)  ## add an episode: make new-episode AUDIO=talk.mp3 TITLE=... DATE=... DESCRIPTION=...
	@test -n "$$AUDIO" || { echo 'Give the audio file: make new-episode AUDIO=path/to/episode.mp3 TITLE="..." DATE=YYYY-MM-DD DESCRIPTION="..."' >&2; exit 2; }
	@$(PY) -m cln_portal new episode "$$AUDIO" $${TITLE:+--title "$$TITLE"} $${DATE:+--date "$$DATE"} \
		$${DESCRIPTION:+--description "$$DESCRIPTION"} $${SERIES:+--series "$$SERIES"} \
		$${SEASON:+--season "$$SEASON"} $${NUMBER:+--number "$$NUMBER"} $${ARTWORK:+--artwork "$$ARTWORK"} \
		$${CHAPTERS:+--chapters "$$CHAPTERS"}

# Regenerate CONTRIBUTING.md's allowed values and the issue form after editing the vocabulary.
contributing: $(STAMP)  ## regenerate CONTRIBUTING.md's allowed values after editing the vocabulary
	$(PY) scripts/update_contributing.py
	$(PY) -m cln_portal.cms

test: $(STAMP) $(EDITOR_DEPS)  ## run the tests (npm ci first, as make build does, for the Node tools they use)
	$(PY) -m pytest

# Live preview with drafts: reloads on any change under content/ (docs_dir), overrides/ (the
# theme) and, through the plugin, case_studies/ and podcasts/. --dirty: after an edit the plugin
# rebuilds only the pages it changes (see README, Performance). ADDR=127.0.0.1:8001 for another port.
ADDR ?= 127.0.0.1:8000
serve: $(STAMP)  ## preview with drafts at http://127.0.0.1:8000 (ADDR=... for another)
	$(PY) -m mkdocs serve --dirty --dev-addr $(ADDR) --livereload --watch overrides

# Benchmark on a synthetic library (see README, Performance). `make bench SIZES=tiny` for a quick
# run; BENCH_ARGS passes options, e.g. BENCH_ARGS="--no-browser --serve ''".
SIZES ?= 100 1000 3000
BENCH_ARGS ?=
bench: $(STAMP)  ## benchmark builds on a synthetic library (SIZES=tiny for a quick run)
	$(PY) scripts/bench $(SIZES) $(BENCH_ARGS)

# The built site served by nginx as it is in production (shipped config, JSON access log), on
# 127.0.0.1 without root: make serve-site [PORT=8080]. The log is .cache/nginx/access.log.
PORT ?= 8080
serve-site: $(STAMP)  ## serve the built site with the shipped nginx set-up on 127.0.0.1 (PORT=8080)
	@test -f $(SITE)/index.html || $(MAKE) build
	$(PY) -m cln_portal.serve --site $(SITE) --port $(PORT)

# Downloads and reads from access logs (IAB v2 rules) into .stats/stats.sqlite, e.g.
# make stats LOGS="/var/log/nginx/cln.json.log /var/log/nginx/cln.json.log.1"; then the report.
stats: $(STAMP)  ## count downloads and reads from access logs: make stats LOGS="..."
	@test -n "$(LOGS)" || { echo 'Give the logs: make stats LOGS="access.log access.log.1.gz"' >&2; exit 2; }
	$(PY) -m cln_portal stats $(LOGS)

stats-report: $(STAMP)  ## write the statistics report (private, in .stats/report)
	$(PY) -m cln_portal stats report $(STATS_ARGS)

# Counting speed and memory on 1,000,000 synthetic log lines (targets: < 10 s, < 300 MB).
STATS_LINES ?= 1000000
bench-stats: $(STAMP)  ## benchmark counting on 1,000,000 synthetic log lines
	$(PY) scripts/bench_stats.py --lines $(STATS_LINES)

clean:  ## delete the built site and caches
	rm -rf $(SITE) .cache .$(notdir $(SITE)).building-*

# Re-pin every dependency after changing pyproject.toml (needs the network).
lock: $(STAMP)  ## re-pin every dependency in requirements.lock (needs the network)
	$(PY) -m pip freeze --exclude-editable | sed '1i # Every dependency, pinned. Regenerate with: make lock' > requirements.lock

# The web editor (Decap CMS, /admin/). npm installs it, at the versions package-lock.json pins,
# when node_modules is missing or older than the lock file (tests skip it with
# -o node_modules/.package-lock.json: the site is then built without /admin/, and says so).
node_modules/.package-lock.json: package.json package-lock.json
	@command -v npm >/dev/null || { echo 'npm is missing: apt-get install nodejs npm (the web editor, Decap CMS, comes from npm)' >&2; exit 2; }
	npm ci --ignore-scripts --no-audit --no-fund

# Regenerate content/admin/config.yml (the editor's forms) after editing the vocabulary, the
# column authors or content/_data/cms.yml (make contributing does this too).
cms: $(STAMP)  ## regenerate the web editor's forms (content/admin/config.yml)
	$(PY) -m cln_portal.cms

# Edit in the browser without GitHub: decap-server saves to this working copy, and the preview
# (with drafts) serves the editor at http://$(ADDR)/portal/admin/ (the path of site_url). Ctrl+C stops both.
# decap-server listens on 127.0.0.1:8081: where Decap looks for it, and the one port /admin/'s CSP allows.
EDIT_PORT := 8081
edit: $(STAMP) $(EDITOR_DEPS)  ## edit in the browser without GitHub (Decap CMS, local backend)
	@echo "Editor: http://$(ADDR)/portal/admin/ (saves go to $(CURDIR); Ctrl+C stops)"
	@GIT_REPO_DIRECTORY="$(CURDIR)" BIND_HOST=127.0.0.1 PORT=$(EDIT_PORT) node node_modules/decap-server/dist/index.js & \
		trap 'kill $$!' EXIT INT TERM; \
		$(PY) -m mkdocs serve --dirty --dev-addr $(ADDR) --livereload --watch overrides
