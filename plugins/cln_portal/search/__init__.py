"""The portal's search: Pagefind, run over the built site (no MkDocs here).

- :mod:`.index`: runs the Pagefind binary (from the ``pagefind[bin]`` wheel) over a built site
  and puts its bundle at ``pagefind/`` in one step, or fails saying what to do.
- :mod:`.markup`: the ``data-pagefind-*`` attributes that say what a page is (its body, content
  type, date and facets), so that pages, not the lists and navigation around them, are found.

How a reader's search works, and why, is in the README (Search).
"""
