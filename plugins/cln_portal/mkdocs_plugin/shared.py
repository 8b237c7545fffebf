"""What several sections need, in one module that every section may import (sections never import
each other): the addresses of the listing pages, the other side of ``related`` links, and where
Material's blog plugin is."""

from __future__ import annotations

from ..content.catalogue import Entry

#: Where case studies live on the site.
CASE_STUDIES = "case-studies"
#: Vocabulary kind -> the path segment of its index pages: case-studies/region/nhs-london/.
BROWSE = {"regions": "region", "pathways": "pathway", "competencies": "competency"}


def backlinks(catalogue) -> dict[str, list[Entry]]:
    """For each slug, the items that name it in their ``related`` lists (``catalogue.related``,
    filled by every section): the other side of two-way links, inverted in one pass per build
    rather than one scan of the catalogue per page."""
    found: dict[str, list[Entry]] = {}
    for source, targets in catalogue.related.items():
        entry = catalogue.entries.get(source)
        if entry is not None:
            for target in targets:
                found.setdefault(str(target), []).append(entry)
    return found


def blog_plugin(config):
    """Material's blog plugin instance, if the site uses it."""
    for name, plugin in config.plugins.items():
        if name.split(" #")[0] in ("material/blog", "blog"):
            return plugin
    return None
