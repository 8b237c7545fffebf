"""The HSJ column: posts by the network's director and guest writers, and the people who write them.

A column is a Markdown file with front matter (title, standfirst, date, authors, categories and
optional hsj_url, pathways, competencies, region, related). Material's blog plugin publishes the
posts, but it stops at the first bad date with a message about its own internals; this package
checks every post and the authors file first and reports every problem, one line each, naming the
file and the field. It does not import MkDocs, so ``make check`` can run it on its own.
"""

from .authors import Author, load_authors
from .posts import AUTHORS_FILE, FIELDS, PASSTHROUGH, POSTS_DIR, Column, load_all, load_column, newest_first

__all__ = ["AUTHORS_FILE", "FIELDS", "PASSTHROUGH", "POSTS_DIR", "Author", "Column", "load_all", "load_authors",
           "load_column", "newest_first"]
