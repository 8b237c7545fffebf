"""The web editor (Decap CMS at /admin/): its configuration, generated from the vocabulary and
the content models so that the forms offer exactly the values ``make check`` accepts."""
