"""The build for reading from disk (``make build-offline``, the pull-request artifact): when the
site has no directory addresses (Material's offline plugin), every link to a directory is made
a link to the file that serves it, so each opens its page on file:// (see markup/file_links.py).
Material's offline plugin loads its Web Worker shim (iframe-worker) from unpkg.com; the plugin ships
that file instead, so the offline build fetches nothing from another host."""

from __future__ import annotations

from pathlib import Path

from mkdocs.structure.files import File

from ...markup.file_links import file_links
from ..section import Section

SHIM = "assets/cln/iframe-worker-shim.js"
SHIM_FILE = Path(__file__).parents[1] / "assets" / "iframe-worker-shim.js"


class OfflineLinksSection(Section):
    written: set[str] = set()
    pages: set[str] = set()

    def on_config(self, config):
        polyfills = config.extra.get("polyfills") or []
        if any("//unpkg.com/iframe-worker" in str(url) for url in polyfills):
            config.extra["polyfills"] = [url for url in polyfills if "//unpkg.com/" not in str(url)] + [SHIM]
        return config

    def on_files(self, files, config):
        if SHIM in (config.extra.get("polyfills") or []) and files.get_file_from_path(SHIM) is None:
            files.append(File.generated(config, SHIM, abs_src_path=str(SHIM_FILE)))
        self.written = {file.dest_uri for file in files} | {"index.html"}
        self.pages = {file.dest_uri for file in files.documentation_pages()}
        return files

    def on_post_page(self, output, page, config):
        if config.use_directory_urls:
            return output
        return file_links(output, page.file.dest_uri, self.written)

    def on_post_template(self, output, template_name, config):
        if config.use_directory_urls or not template_name.endswith(".html"):
            return output
        return file_links(output, template_name, self.written)

    def on_post_build(self, config):
        """HTML the sections write as files, not pages (the podcast apps' transcripts)."""
        if config.use_directory_urls:
            return
        site = Path(config.site_dir)
        for path in self.written - self.pages:
            if path.endswith(".html") and (site / path).is_file():
                text = (site / path).read_text(encoding="utf-8")
                fixed = file_links(text, path, self.written)
                if fixed != text:
                    (site / path).write_text(fixed, encoding="utf-8")
