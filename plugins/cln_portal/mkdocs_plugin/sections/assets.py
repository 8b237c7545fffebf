"""The stylesheet and script that the podcast, episode and interview pages need, shipped with the
plugin so that any site using it (the portal, a test fixture) gets them without editing mkdocs.yml."""

from __future__ import annotations

from pathlib import Path

from mkdocs.structure.files import File

from ..section import Section

HERE = Path(__file__).parents[1] / "assets"  # mkdocs_plugin/assets/
#: Site path -> file in the package.
ASSETS = {
    "assets/cln/podcast.css": HERE / "podcast.css",
    "assets/cln/podcast.js": HERE / "podcast.js",
    # The header's search box (overrides/partials/search.html); Pagefind loads when it is opened.
    "assets/cln/search.css": HERE / "search.css",
    "assets/cln/search.js": HERE / "search.js",
    "assets/cln/print.css": HERE / "print.css",  # every page on A4 (case studies, columns)
    "assets/cln/print.js": HERE / "print.js",
    "assets/cln/wayfinding.js": HERE / "wayfinding.js",  # a case study's way back to where you came from
}


class AssetsSection(Section):
    """Adds the files to the site and links them from every page (they are a few kilobytes)."""

    def on_config(self, config):
        for uri in ASSETS:
            target = config.extra_css if uri.endswith(".css") else config.extra_javascript
            if uri not in [str(item) for item in target]:
                target.append(uri)
        return config

    def on_files(self, files, config):
        for uri, path in ASSETS.items():
            if files.get_file_from_path(uri) is None:
                files.append(File.generated(config, uri, abs_src_path=str(path)))
        return files
