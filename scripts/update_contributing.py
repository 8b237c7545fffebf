#!/usr/bin/env python3
"""Regenerate the parts of the contributor guide that come from data, so they never drift.

CONTRIBUTING.md has marked sections (``<!-- BEGIN GENERATED name -->`` ... ``<!-- END GENERATED
name -->``) written from content/_data/vocabulary.yml and the content models; the case study
issue form's drop-down lists come from the same vocabulary. Run ``make contributing`` after
changing either; ``--check`` (run by the tests) fails when a generated part is out of date.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "plugins"))

from cln_portal.content import vocabulary as vocabularies  # noqa: E402

GUIDE = "CONTRIBUTING.md"
VOCABULARY = "content/_data/vocabulary.yml"
_SECTION = re.compile(r"(<!-- BEGIN GENERATED ([a-z-]+)[^>]*-->\n)(.*?)(<!-- END GENERATED \2 -->)", re.S)


def allowed_values(vocab: vocabularies.Vocabulary) -> str:
    """The values each vocabulary field accepts, with the other spellings that are understood."""
    out = []

    def terms_list(kind: str) -> None:
        for term in vocab.terms[kind]:
            also = f" (also accepted: {', '.join(term.variants)})" if term.variants else ""
            out.append(f"- {term.name}{also}")

    out += ["### Regions (`region`)", "",
            "The ten strategic health authorities of England. Give exactly one: for a case study, where the "
            "work was done (required); for a column, an interview or an episode, the region it is about "
            "(leave it out when it is about the whole network).", ""]
    terms_list("regions")
    out += ["", "### Clinical pathways (`pathways`)", "",
            "The pathways of the NHS Next Stage Review. Give one or more, as a list: "
            "`pathways: [Maternity and newborn, Acute care]`.", ""]
    terms_list("pathways")
    out += ["", "### Competencies (`competencies`, optional)", "",
            "The CLN competency framework. Give any that the work drew on, as a list.", "",
            "| Competency | What it means | Leadership qualities it maps to |", "|---|---|---|"]
    for term in vocab.terms["competencies"]:
        cells = (term.name, term.description, ", ".join(term.qualities))
        out.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    out += ["", "### Leadership qualities (`qualities`, optional)", "",
            "The 15 qualities of the NHS Leadership Qualities Framework, in its three clusters. "
            "Give any that the work showed, as a list.", ""]
    clusters: dict[str, list[str]] = {}
    for term in vocab.terms["qualities"]:
        clusters.setdefault(term.cluster, []).append(term.name)
    for cluster, names in clusters.items():
        out.append(f"- **{cluster}:** {', '.join(names)}")
    out += ["", "Capital letters, \"&\" for \"and\", punctuation and a leading \"NHS\" do not matter: "
            "`North West` is read as `NHS North West`."]
    return "\n".join(out) + "\n"


#: What each case study field means, for CONTRIBUTING.md (required-ness comes from the model).
CASE_STUDY_FIELDS = {
    "title": "The case study's title, in plain English: what changed, not the project's code name.",
    "summary": "One or two plain sentences, at most 300 characters: what the team changed and what "
               "difference it made. Shown in lists and search results.",
    "date": "The date the case study is published, written `YYYY-MM-DD`, for example `2009-03-16`.",
    "region": "Where the work was done: one of the ten regions in [Allowed values](#allowed-values).",
    "pathways": "The clinical pathway or pathways the work belongs to, as a list in square brackets.",
    "organisation": "The trust or organisation that did the work.",
    "authors": "Who wrote it: each author with a `name` and a `role` (job titles in lower case: "
               "\"consultant obstetrician\").",
    "competencies": "The CLN competencies the work drew on, as a list.",
    "qualities": "The NHS leadership qualities the work showed, as a list.",
    "tags": "A few words people might search for, as a list: `[early pregnancy, scanning]`.",
    "contact": "How to reach the project lead: an email address or a web address.",
    "related": "Other case studies, episodes, columns or interviews to link to, by their file name "
               "without `.md`.",
    "status": "`draft` while you are writing; `published` (the default) when it is ready.",
}


def case_study_fields(vocab) -> str:
    from cln_portal import case_studies

    described = {name: (name in case_studies.REQUIRED, text) for name, text in CASE_STUDY_FIELDS.items()}
    return fields_table("case study", case_studies.FIELDS, described)


#: Mistakes made in the case study template for the examples of `make check` messages.
EXAMPLE_MISTAKES = (
    ("date: 2009-03-16", "date: 16/03/2009"),
    ("region: NHS North West", "region: North West England"),
    ("pathways: [Maternity and newborn]", "pathways: [Maternity and newborns, Midwifery]"),
    ('organisation: "TODO: the organisation, for example Example Hospitals NHS Foundation Trust"\n', ""),
)


def check_examples(vocab) -> str:
    """Real messages: the case study loader run on the template with EXAMPLE_MISTAKES made."""
    import tempfile

    from cln_portal import case_studies

    text = (ROOT_FOR_EXAMPLES[0] / "case_studies" / "_template.md").read_text(encoding="utf-8")
    for right, wrong in EXAMPLE_MISTAKES:
        if right not in text:
            raise SystemExit(f"case_studies/_template.md no longer has {right!r}: update EXAMPLE_MISTAKES "
                             "in scripts/update_contributing.py")
        text = text.replace(right, wrong, 1)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "cutting-waits.md"
        path.write_text(text, encoding="utf-8")
        _, problems = case_studies.load_one(path, vocab, "case_studies/cutting-waits.md")
    lines = [f"    ERROR: {p}" for p in sorted(problems, key=lambda p: (p.line or 0, p.message))]
    return "\n".join(lines) + "\n"


#: The repository the examples are made from (set by main: --root).
ROOT_FOR_EXAMPLES = [ROOT]


#: What each column field means, for CONTRIBUTING.md; a field the model has and this lacks (or
#: the reverse) stops the generator, so the guide lists exactly the fields `make check` accepts.
COLUMN_FIELDS = {
    "title": (True, "The headline, in sentence case."),
    "standfirst": (True, "One sentence under the headline (at most 45 words): who writes and what the "
                         "column argues."),
    "date": (True, "The date it appeared in HSJ, `YYYY-MM-DD` without quotes."),
    "authors": (True, "Who wrote it, by id from `content/columns/.authors.yml`: `[raj-kumar]`. A new "
                      "writer is added there first, with name, role (lower case) and organisation."),
    "categories": (False, "`Director's column` or `Guest column`, and a topic: `[Guest column, Maternity]`."),
    "hsj_url": (False, "The address of the article on hsj.co.uk, if it appeared there."),
    "pathways": (False, "Clinical pathways it is about, as a list (see [Allowed values](#allowed-values))."),
    "competencies": (False, "CLN competencies it is about, as a list."),
    "region": (False, "The region it is about, if one."),
    "related": (False, "Case studies, episodes, interviews or other columns to link to, by file name "
                       "without `.md`."),
}
#: Material's own fields that a contributor may need, beyond the model's.
COLUMN_EXTRA = {"draft": (False, "`true` while it is being written: previewed, never published.")}


def fields_table(kind: str, model_fields, described: dict, extra: dict | None = None) -> str:
    """A Markdown table of a content type's fields; stops when the model and the guide disagree."""
    missing = [name for name in model_fields if name not in described]
    stale = [name for name in described if name not in model_fields]
    if missing or stale:
        raise SystemExit(f"The {kind} fields changed: "
                         + (f"describe {', '.join(missing)}" if missing else "")
                         + ("; " if missing and stale else "")
                         + (f"remove {', '.join(stale)}" if stale else "")
                         + " in scripts/update_contributing.py, then run `make contributing`")
    rows = ["| Field | What to write |", "|---|---|"]
    for name, (required, text) in {**described, **(extra or {})}.items():
        rows.append(f"| `{name}`{' (required)' if required else ''} | {text} |")
    return "\n".join(rows) + "\n"


def column_fields(vocab) -> str:
    from cln_portal import column as columns

    return fields_table("column", columns.FIELDS, COLUMN_FIELDS, COLUMN_EXTRA)


#: The vocabulary fields of interviews and episodes (content/tagging.py), for CONTRIBUTING.md.
TAG_FIELDS = {
    "region": (False, "The region it is about: one of the ten in [Allowed values](#allowed-values). Leave it "
                      "out for a piece about the whole network; the coverage map then lists it apart."),
    "pathways": (False, "The clinical pathways it is about, as a list."),
    "competencies": (False, "The CLN competencies it shows, as a list: the self-assessment recommends it to "
                            "members who rate themselves lowest on them."),
}


def tag_fields(vocab) -> str:
    """The optional region, pathways and competencies, as interviews and episode sidecars take them."""
    from cln_portal import interviews
    from cln_portal.content import tagging
    from cln_portal.podcast import episodes

    for kind, fields in (("interview", interviews.FIELDS), ("episode sidecar", episodes.SIDECAR_KEYS)):
        if not set(tagging.FIELDS) <= set(fields):
            raise SystemExit(f"The {kind} fields no longer include {', '.join(tagging.FIELDS)}: update "
                             "TAG_FIELDS in scripts/update_contributing.py and the guide's text")
    return fields_table("tag", tagging.FIELDS, TAG_FIELDS)


def yaml_list(values: list[str], indent: int) -> str:
    pad = " " * indent
    return "\n".join(f'{pad}- "{v}"' for v in values)


def case_study_form(vocab: vocabularies.Vocabulary) -> str:
    """The "Propose a case study" issue form, with drop-downs of the allowed values."""
    return f"""\
# GENERATED by scripts/update_contributing.py from {VOCABULARY}: edit the script, then run
# `make contributing`. The drop-down lists are the vocabulary's canonical names.
name: Propose a case study
description: Tell us about a change your team made; we will help turn it into a case study.
title: "Case study: "
labels: [case study, content]
body:
  - type: markdown
    attributes:
      value: |
        Thank you for sharing your work. If you are happy to edit a file on GitHub, you can add the
        case study yourself: see CONTRIBUTING.md, "Propose a case study". Otherwise fill in this
        form and the comms team will write it up with you. Please do not include patient details.
  - type: input
    id: organisation
    attributes:
      label: Organisation
      description: The trust or organisation where the work was done.
    validations:
      required: true
  - type: dropdown
    id: region
    attributes:
      label: Region
      description: The strategic health authority area where the work was done.
      options:
{yaml_list(vocab.names("regions"), 8)}
    validations:
      required: true
  - type: dropdown
    id: pathways
    attributes:
      label: Clinical pathways
      multiple: true
      options:
{yaml_list(vocab.names("pathways"), 8)}
    validations:
      required: true
  - type: dropdown
    id: competencies
    attributes:
      label: CLN competencies the work drew on (optional)
      multiple: true
      options:
{yaml_list(vocab.names("competencies"), 8)}
  - type: textarea
    id: summary
    attributes:
      label: Summary
      description: One or two plain sentences, what changed and what difference it made.
    validations:
      required: true
  - type: textarea
    id: story
    attributes:
      label: Background, aims, what you did, results and key learning points
      description: Notes are fine. Include the baseline numbers where you have them, and any sponsorship.
    validations:
      required: true
  - type: input
    id: contact
    attributes:
      label: Project lead's contact
      description: An email address or web page for people who want to know more.
  - type: checkboxes
    id: consent
    attributes:
      label: Before you send
      options:
        - label: The text contains no patient-identifiable information.
          required: true
        - label: The project lead agrees to be named as the contact.
          required: true
"""


#: Generated sections of CONTRIBUTING.md by name; the issue form is generated whole.
SECTIONS = {"allowed-values": allowed_values, "case-study-fields": case_study_fields,
            "check-examples": check_examples, "column-fields": column_fields, "tag-fields": tag_fields}
FILES = {".github/ISSUE_TEMPLATE/case-study.yml": case_study_form}


def render_guide(text: str, vocab) -> str:
    found = set()

    def replace(match):
        name = match.group(2)
        if name not in SECTIONS:
            raise SystemExit(f"{GUIDE}: unknown generated section {name!r}; known: {', '.join(SECTIONS)}")
        found.add(name)
        return match.group(1) + SECTIONS[name](vocab) + match.group(4)

    text = _SECTION.sub(replace, text)
    missing = set(SECTIONS) - found
    if missing:
        raise SystemExit(f"{GUIDE}: the markers of {', '.join(sorted(missing))} are missing; "
                         "add <!-- BEGIN GENERATED name --> and <!-- END GENERATED name --> lines")
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if a generated part is out of date")
    parser.add_argument("--root", default=str(ROOT), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    root = Path(args.root)
    ROOT_FOR_EXAMPLES[0] = root
    try:
        vocab = vocabularies.load(root / VOCABULARY, VOCABULARY)
    except vocabularies.ContentError as exc:
        print(f"The vocabulary file has problems; fix them first:\n{exc.report()}", file=sys.stderr)
        return 1
    wanted = {GUIDE: render_guide((root / GUIDE).read_text(encoding="utf-8"), vocab)}
    wanted.update({name: render(vocab) for name, render in FILES.items()})
    stale = [name for name, text in wanted.items()
             if not (root / name).is_file() or (root / name).read_text(encoding="utf-8") != text]
    if args.check:
        if stale:
            print(f"Out of date with {VOCABULARY}: {', '.join(stale)}. Run `make contributing` and commit "
                  "the result.", file=sys.stderr)
            return 1
        print("The contributor guide and issue form match the vocabulary.")
        return 0
    for name in stale:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(wanted[name], encoding="utf-8")
        print(f"Updated {name}")
    if not stale:
        print("Already up to date.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
