"""The web editor at /admin/: Decap CMS's own files, served from the site (never from a CDN).

content/admin/ holds the page, the portal's widget and preview (editor.js) and the generated
config.yml; MkDocs copies them like any static file. This section adds Decap's bundle from
node_modules (``npm ci`` installs it at the version package-lock.json pins) and lists the
portal's stylesheets for the preview pane. Without node_modules the site is built without
/admin/, and the build says so: a page that cannot load its script is worse than none.
"""

from __future__ import annotations

import json
from pathlib import Path

from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File

from ..section import Section

log = get_plugin_logger(__name__)

ADMIN = "admin"
DIST = Path("node_modules") / "decap-cms" / "dist"
#: The bundle and the chunks it loads on demand (source maps are left out: 50 MB).
PATTERNS = ("decap-cms.js", "*.decap-cms.js")
STYLES_MARK = '<script type="application/json" id="cln-preview-styles">[]</script>'


def bundle_files(root: Path) -> list[Path]:
    dist = root / DIST
    return sorted({path for pattern in PATTERNS for path in dist.glob(pattern)})


class EditorSection(Section):

    def on_files(self, files, config):
        root = self.plugin.root(config)
        bundle = bundle_files(root)
        if not bundle:
            admin = [f for f in files if f.src_uri.startswith(ADMIN + "/")]
            for file in admin:
                files.remove(file)
            if admin:
                log.info("Decap CMS is not installed (no %s; run `npm ci`): the site is built without "
                         "the web editor at /%s/", DIST.as_posix(), ADMIN)
            return files
        for path in bundle:
            uri = f"{ADMIN}/{path.name}"
            if files.get_file_from_path(uri) is None:
                files.append(File.generated(config, uri, abs_src_path=str(path)))
        return files

    def on_post_build(self, config):
        page = Path(config.site_dir) / ADMIN / "index.html"
        if not page.is_file():
            return None
        site = Path(config.site_dir)
        theme = sorted(p.relative_to(site).as_posix() for pattern in ("main.*.min.css", "palette.*.min.css")
                       for p in (site / "assets" / "stylesheets").glob(pattern))
        styles = ["../" + uri for uri in theme + [str(css) for css in config.extra_css]]
        listed = json.dumps(styles).replace("</", "<\\/")
        text = page.read_text(encoding="utf-8")
        page.write_text(text.replace(STYLES_MARK, STYLES_MARK.replace("[]", listed)), encoding="utf-8")
        return None
