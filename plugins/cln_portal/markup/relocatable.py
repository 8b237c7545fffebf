"""A page that works wherever it is served: the 404 page.

MkDocs renders 404.html with absolute addresses under the site's path (``/portal/assets/...``),
because a server shows it at any missing address, at any depth. Those break when the site is
served from a host's root or opened from disk: no styles, a giant logo, dead links.
:func:`relocatable` makes every address relative to the site's root folder instead, under a
``<base href="/portal/">`` first in the head (so a browser fetches the right files at once at any
depth of the published site), which a script right after it changes where the page is not under
the site's path: to the host's root, or (file://) to the folder of 404.html. Material's own
configuration is pointed at the same root.
"""

from __future__ import annotations

import re

_BASE = ('<base href="{href}"><script>(function(p,l,b){{if(l.protocol==="file:")b.setAttribute("href",".");'
         'else if(l.pathname.indexOf(p)!==0)b.setAttribute("href","/")}})({prefix},location,'
         'document.querySelector("base"))</script>')
_CONFIG = ('<script>(function(c){if(!c)return;var d=JSON.parse(c.textContent);'
           'd.base=document.baseURI;d.search=new URL(d.search,document.baseURI).href;'
           'c.textContent=JSON.stringify(d)})(document.getElementById("__config"))</script>')


def relocatable(html: str, prefix: str) -> str:
    """``html`` rendered with addresses under ``prefix`` (the site's path, ``/portal/``), made to
    work at any address, at the host's root and from disk."""
    import json

    prefix = "/" + prefix.strip("/") + "/" if prefix.strip("/") else "/"
    html = re.sub(r'(\s(?:href|src)=")' + re.escape(prefix), r"\1", html)
    html = html.replace(f'new URL("{prefix}",location)', "new URL(document.baseURI)")
    html = html.replace(f'"base": "{prefix}"', '"base": "."').replace(f'"search": "{prefix}', '"search": "')
    html = re.sub(r'(<script id="__config"[^>]*>.*?</script>)', lambda m: m.group(1) + _CONFIG, html,
                  count=1, flags=re.S)
    return html.replace('<meta charset="utf-8">',
                        '<meta charset="utf-8">' + _BASE.format(href=prefix, prefix=json.dumps(prefix)), 1)
