"""`make serve` with a content error: instead of a rebuild that fails (and a server that then
answers nothing until the file is fixed), a preview whose every address shows the problems,
each with its file and line. Saving the fix rebuilds the whole preview."""

from __future__ import annotations

import html
from pathlib import Path

from mkdocs.structure.files import File, Files


def problems_in(config, options: dict) -> list:
    """Every problem `make check` finds (its own run): the errors this module shows at every
    address, the others (a draft's notes) on their own page (sections/notices.py)."""
    from ..commands import check as checks
    from ..commands.cli import project_from_config

    return checks.run(project_from_config(config, options)).problems


def items(problems) -> str:
    """Each problem as a list item: its file and line, field, what is wrong and what to do (escaped)."""
    return "\n".join(
        f"<li><code>{html.escape(p.path)}{'' if p.line is None else f':{p.line}'}</code>"
        f"{' ' + html.escape(p.field) + ':' if p.field else ''} {html.escape(p.message)}</li>"
        for p in problems)


def page(problems) -> str:
    """The problems page as the theme shows it (the home page's address during the broken build)."""
    count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
    return (f"---\ntitle: The preview has {count} to fix\n---\n\n# The preview has {count} to fix\n\n"
            f'<ul class="cln-problems">\n{items(problems)}\n</ul>\n')


def files_for(files: Files, config, problems) -> Files:
    """Only the theme's and the site's static files, and the problems page at the home page's
    address and as the 404 page (what the server shows at any other address)."""
    from .shared import blog_plugin

    kept = Files([f for f in files if not f.is_documentation_page()])
    text = page(problems)
    blog = blog_plugin(config)  # Material's blog needs its index page
    for uri in ("index.md", "404.md", *([f"{blog.config.blog_dir}/index.md"] if blog else [])):
        kept.append(File.generated(config, uri, content=text))
    return kept


def standalone(problems) -> str:
    """The problems as a page of its own (no theme files needed, so it reads the same at any depth)."""
    listed = items(problems)
    count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
    return ('<!doctype html>\n<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width,initial-scale=1">\n'
            f"<title>The preview has {count} to fix</title>\n"
            "<style>body{font-family:sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;"
            "line-height:1.5}li{margin:.5rem 0}code{background:#eee;padding:0 .2rem}</style>\n"
            f"</head>\n<body>\n<main>\n<h1>The preview has {count} to fix</h1>\n"
            "<p>Fix each one in its file and save: this page reloads and the site comes back by itself. "
            "<code>make check</code> lists the same problems.</p>\n"
            f'<ul class="cln-problems">\n{listed}\n</ul>\n</main>\n</body>\n</html>\n')


def show_everywhere(site_dir: str, problems) -> None:
    """Every page of the last good build shows the problems instead, at its own address (the
    reader's browser reloads the page it is on); the next good build writes every page again
    (:meth:`Preview.plan` removes them all)."""
    text = standalone(problems).encode("utf-8")
    for path in Path(site_dir).rglob("*.html"):
        path.write_bytes(text)
