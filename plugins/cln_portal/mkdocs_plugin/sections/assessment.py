"""The self-assessment page (self-assessment/): the competency framework's statements, and the
script and data that turn answers into a profile in the member's browser.

The page is generated, out of the nav (the home and about pages link to it). Its script,
stylesheet and data are added to that page only, after the content checks have run: they are the
portal's own code, not contributors' markup.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.structure.files import File, InclusionLevel

from ... import assessment
from ...markup.fragments import relative_url
from ..section import Section, report
from ...content.problems import Problem

URI = "self-assessment/index.md"
TITLE = "Self-assessment: the CLN competency framework"
MARKER = "<!-- cln: the self-assessment -->"
HERE = Path(assessment.__file__).parent
SCRIPT = "assets/cln/self-assessment.js"
STYLESHEET = "assets/cln/self-assessment.css"


class AssessmentSection(Section):
    """Adds the page and its two files; fills in the page once every section has catalogued."""

    def on_files(self, files, config):
        self.url = None
        existing = files.get_file_from_path(URI)
        if existing is not None:
            report([Problem(f"content/{URI}", "is in the place of the generated self-assessment page; "
                            "move or remove it")], "site pages")
        for uri, name in ((SCRIPT, "self-assessment.js"), (STYLESHEET, "self-assessment.css")):
            if files.get_file_from_path(uri) is None:
                files.append(File.generated(config, uri, abs_src_path=str(HERE / name)))
        url = File(URI, None, config.site_dir, config.use_directory_urls).url
        privacy = files.get_file_from_path("privacy.md")
        data = assessment.page_data(self.plugin.vocabulary, self.plugin.catalogue.entries.values(),
                                    lambda target: relative_url(url, target))
        self.html = assessment.page_html(data, relative_url(url, privacy.url) if privacy else "")
        self.script = assessment.data_script(data)
        markdown = f"---\ntitle: {TITLE!r}\n---\n\n# {TITLE}\n\n{MARKER}\n"
        files.append(self.plugin.generated_page(config, URI, markdown, InclusionLevel.NOT_IN_NAV,
                                                self.html + self.script))
        self.url = url
        return files

    def on_page_content(self, html, page, config, files):
        if page.file.src_uri != URI:
            return html
        return html.replace(MARKER, self.html, 1)

    def on_post_page(self, output, page, config):
        if page.file.src_uri != URI:
            return output
        css = relative_url(self.url, STYLESHEET)
        js = relative_url(self.url, SCRIPT)
        output = output.replace("</head>", f'<link rel="stylesheet" href="{css}">\n</head>', 1)
        return output.replace("</body>", f'{self.script}\n<script src="{js}"></script>\n</body>', 1)
