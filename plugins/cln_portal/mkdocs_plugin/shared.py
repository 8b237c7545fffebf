"""What several sections need, in one module that every section may import (sections never import
each other): the addresses of the listing pages and where Material's blog plugin is. The other
side of ``related`` links is :meth:`Catalogue.linking_to <cln_portal.content.catalogue.Catalogue.linking_to>`."""

from __future__ import annotations

#: Where case studies live on the site.
CASE_STUDIES = "case-studies"
#: Vocabulary kind -> the path segment of its index pages: case-studies/region/nhs-london/.
BROWSE = {"regions": "region", "pathways": "pathway", "competencies": "competency"}


def blog_plugin(config):
    """Material's blog plugin instance, if the site uses it."""
    for name, plugin in config.plugins.items():
        if name.split(" #")[0] in ("material/blog", "blog"):
            return plugin
    return None
