"""The coverage page (case-studies/coverage/): for the comms team, what the portal holds for each
region and pathway (and competency), and the pairs with no case study yet. Generated from the
catalogue once every section has registered its items; out of the nav."""

from __future__ import annotations

from pathlib import Path

from ...content.coverage import coverage
from ...content.problems import Problem
from ...markup import coverage as render
from ..section import GeneratedPage, report
from ..shared import CASE_STUDIES


class CoverageSection(GeneratedPage):
    URI = f"{CASE_STUDIES}/coverage/index.md"
    TITLE = "Coverage: what the network has shared, region by region"
    HIDE = ("navigation", "toc")  # a wide table: the page gives it the room of the side bars
    SEARCH = False  # a page for the comms team, with a heading per pair: it would crowd readers' results
    ASSETS = {"assets/cln/coverage.css": Path(__file__).parents[1] / "assets" / "coverage.css"}

    def on_files(self, files, config):
        clash = self.plugin.catalogue.entries.get("coverage")
        if files.get_file_from_path(self.URI) is not None or (clash is not None and clash.kind == "case study"):
            where = clash.source if clash is not None else f"content/{self.URI}"
            report([Problem(where, f"takes the address of the generated coverage page ({CASE_STUDIES}/coverage/); "
                            "rename it")], "case studies")
        found = coverage(self.plugin.vocabulary, list(self.plugin.catalogue.entries.values()))
        return self.add_page(files, config, render.page_html(found, self.page_url(config)))
