"""The CLN knowledge portal: content model, audio metadata, feeds and transcripts.

Everything in this package except ``cln_portal.mkdocs_plugin`` is the core: it never imports
MkDocs, so the portal can be built by ProperDocs, by a future generator, or by plain scripts.
"""

__version__ = "0.1.0"
