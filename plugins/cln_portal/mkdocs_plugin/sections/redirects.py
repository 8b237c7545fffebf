"""Old addresses keep working: a redirect page wherever a case study, episode, interview or column
post used to be (see :mod:`cln_portal.content.addresses`), and the remembered addresses updated."""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs.plugins import get_plugin_logger

from ...content import addresses
from ...runtime.filecache import write_atomically
from ..section import Section, report

log = get_plugin_logger(__name__)


def _built(site: Path, url: str) -> Path:
    return site / (url + "index.html" if url.endswith("/") or not url else url)


class RedirectsSection(Section):
    def on_post_build(self, config):
        if self.plugin.command == "serve":
            return  # a preview shows drafts and writes nothing back
        if not config.use_directory_urls:
            return  # the offline build (file names, for reading from disk) is not the published site
        root, site = self.plugin.root(config), Path(config.site_dir)
        path = root / addresses.FILE
        known, text, canonical = addresses.load_remembered(path, root / addresses.CACHE)
        current = [(e.kind, e.slug, e.title, e.url) for e in self.plugin.catalogue.entries.values()
                   if e.kind in addresses.KINDS and e.url and _built(site, e.url).is_file()]
        updated = addresses.update(known, current)
        locked = os.environ.get("CLN_LOCKED") == "1"  # CI writes nothing back into the repository
        if locked:  # a move the committed file does not record stops the build; new items are noted
            report(addresses.locked_problems(known, updated), "published addresses")
        for old, new in addresses.redirects(updated).items():
            target = _built(site, old)
            if not target.exists():
                write_atomically(target, addresses.redirect_page(old, new, config.site_url or "").encode("utf-8"))
        if canonical and updated == known:  # unchanged, and the file is text_of(known) already
            return
        new_text = addresses.text_of(updated)
        if updated == known and new_text == text:  # read by YAML from text, which is text_of(it)
            addresses.remember(root / addresses.CACHE, known, text)
        if new_text != text and not locked:  # CI writes nothing back into the repository
            addresses.write(path, new_text)
            addresses.remember_written(root / addresses.CACHE, updated, new_text)
            log.info(f"Redirects: updated {addresses.FILE}; commit it")
