"""The MkDocs (and ProperDocs) plugin: thin glue between the core and the site generator."""
