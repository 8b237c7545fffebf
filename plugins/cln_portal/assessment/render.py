"""The self-assessment page's HTML: the statements as a worksheet that works without JavaScript,
the controls and result areas the script fills in, and the page's data as embedded JSON.

Every piece of text comes from the vocabulary file and is escaped here.
"""

from __future__ import annotations

import json
from html import escape


def _answers(statement_id: str, scale: list[str]) -> str:
    options = []
    for value, label in enumerate(scale):
        input_id = f"{statement_id}-{value}"
        options.append(f'<li><input type="radio" name="{escape(statement_id)}" id="{escape(input_id)}" '
                       f'value="{value}"> <label for="{escape(input_id)}">{escape(label)}</label></li>')
    return f'<ul class="cln-sa__scale">{"".join(options)}</ul>'


def statements_html(data: dict) -> str:
    """One section per competency (an h2), each statement a fieldset whose legend is the statement."""
    sections = []
    for number, competency in enumerate(data["competencies"], 1):
        heading = f"cln-sa-{competency['slug']}"
        fieldsets = []
        for statement in competency["statements"]:
            fieldsets.append(f'<fieldset class="cln-sa__statement" id="{escape(statement["id"])}">'
                             f'<legend>{escape(statement["text"])}</legend>'
                             f'{_answers(statement["id"], data["scale"])}</fieldset>')
        qualities = ", ".join(q["name"] for q in competency["qualities"])
        mapped = (f'<p class="cln-sa__qualities">NHS Leadership Qualities Framework: '
                  f'{escape(qualities)}</p>') if qualities else ""
        sections.append(
            f'<section class="cln-sa__competency" aria-labelledby="{escape(heading)}">'
            f'<h2 id="{escape(heading)}">{number}. {escape(competency["name"])}</h2>'
            f'<p>{escape(competency["description"])}</p>{mapped}{"".join(fieldsets)}</section>'
        )
    return "\n".join(sections)


#: The parts only the script can operate: hidden until it runs, so without JavaScript the page
#: is the worksheet alone.
TOOLS = """\
<section class="cln-sa__tools" id="cln-sa-tools" aria-labelledby="cln-sa-tools-heading" hidden>
<h2 id="cln-sa-tools-heading">Keep or bring back your answers</h2>
<p>Your answers stay in this browser. Nothing is sent anywhere, not even to this website, and
nothing is kept after you close the page unless you choose one of these.</p>
<div class="cln-sa__buttons">
<button type="button" class="md-button" id="cln-sa-download">Download my answers</button>
<button type="button" class="md-button" id="cln-sa-print">Print or save as PDF</button>
</div>
<p class="cln-sa__open"><label for="cln-sa-open">Open saved answers (a file you downloaded from
this page)</label> <input type="file" id="cln-sa-open" accept=".json,application/json"></p>
<p class="cln-sa__remember"><input type="checkbox" id="cln-sa-remember">
<label for="cln-sa-remember">Remember my answers on this device (kept in this browser's local
storage until you choose to forget them)</label></p>
<p><button type="button" class="md-button" id="cln-sa-forget">Forget my answers on this device</button></p>
<p class="cln-sa__status" id="cln-sa-status" role="status"></p>
</section>
<section class="cln-sa__results" id="cln-sa-results" aria-labelledby="cln-sa-results-heading" hidden>
<h2 id="cln-sa-results-heading">Your profile</h2>
<p class="cln-sa__record" id="cln-sa-record"></p>
<div id="cln-sa-chart"></div>
<div id="cln-sa-table"></div>
<h3 id="cln-sa-focus-heading">Where to focus next</h3>
<div id="cln-sa-focus"></div>
<h3 id="cln-sa-recommended-heading">Learning from the network</h3>
<div id="cln-sa-recommended"></div>
</section>"""

INTRO = """\
<p>The CLN competency framework describes what clinical leaders do when they lead change in a
service. For each statement below, choose how often it describes you now. There are no right
answers: this is for you, to take to your action learning set or your appraisal.</p>
<p class="cln-sa__privacy"><strong>Private by design.</strong> Your answers and your profile are
worked out in your browser. They are never sent to anyone, and they are not kept unless you
download them or choose to remember them on this device. See the
<a href="{privacy}">privacy notice</a>.</p>
<p class="cln-sa__worksheet">To use it on paper, print this page: each statement has a box for
every answer.</p>"""


def page_html(data: dict, privacy_url: str) -> str:
    """The page's content below its title."""
    count = sum(len(c["statements"]) for c in data["competencies"])
    summary = (f'<p>{count} statements in {len(data["competencies"])} competencies; answers: '
               f'{escape(", ".join(data["scale"]))}.</p>')
    return "\n".join(['<div class="cln-sa__intro">', INTRO.format(privacy=escape(privacy_url)), summary, "</div>",
                      '<div class="cln-sa__form" id="cln-sa-form">', statements_html(data), "</div>", TOOLS])


def data_script(data: dict) -> str:
    """The data as a JSON script element, safe inside HTML whatever the text contains."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, escaped in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"),
                          ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escaped)
    return f'<script type="application/json" id="cln-sa-data">{text}</script>'
