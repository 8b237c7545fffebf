"""The plugin's sections, one module per part of the site. A section imports the core and the
shared plugin modules (:mod:`..section`, :mod:`..config`, :mod:`..shared`), never another section:
what several sections need lives in :mod:`..shared`, and the plugin hands each section the others'
results (``plugin.catalogue``, ``plugin.podcast``)."""
