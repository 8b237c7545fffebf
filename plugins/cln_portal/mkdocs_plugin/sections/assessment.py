"""The self-assessment page (self-assessment/): the competency framework's statements, and the
script and data that turn answers into a profile in the member's browser.

The page is generated, out of the nav (the home and about pages link to it). Its script,
stylesheet and data are added to that page only, after the content checks have run: they are the
portal's own code, not contributors' markup.
"""

from __future__ import annotations

from pathlib import Path

from ... import assessment
from ...content.problems import Problem
from ...markup.fragments import relative_url
from ..section import GeneratedPage, report

HERE = Path(assessment.__file__).parent


class AssessmentSection(GeneratedPage):
    """Adds the page and its two files, with the data of every catalogued item."""

    URI = "self-assessment/index.md"
    TITLE = "Self-assessment: the CLN competency framework"
    TAB = "about.md"  # beside the about page, which explains the framework
    ASSETS = {"assets/cln/self-assessment.css": HERE / "self-assessment.css",
              "assets/cln/self-assessment.js": HERE / "self-assessment.js"}

    def on_files(self, files, config):
        if files.get_file_from_path(self.URI) is not None:
            report([Problem(f"content/{self.URI}", "is in the place of the generated self-assessment page; "
                            "move or remove it")], "site pages")
        url = self.page_url(config)
        privacy = files.get_file_from_path("privacy.md")
        data = assessment.page_data(self.plugin.vocabulary, self.plugin.catalogue.entries.values(),
                                    lambda target: relative_url(url, target))
        html = assessment.page_html(data, relative_url(url, privacy.url) if privacy else "")
        return self.add_page(files, config, html, assessment.data_script(data))
