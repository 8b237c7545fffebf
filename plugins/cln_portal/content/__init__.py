"""What every content type shares: reading and checking content files.

- :mod:`.frontmatter`: the one reader of Markdown files with YAML front matter.
- :mod:`.problems`: :class:`~.problems.Problem`, one problem in one file (file, line, field, what to do).
- :mod:`.dates`, :mod:`.text`: dates as contributors write them and the NHS prints them; plain text,
  slugs and safe addresses.
- :mod:`.vocabulary`: the controlled vocabularies the comms team edits (regions, pathways,
  competencies, qualities).
- :mod:`.catalogue`: every item of the portal by slug, for ``related`` links between content types.
- :mod:`.paths`: files that must stay inside the repository.
"""
