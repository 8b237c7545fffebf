"""The portal's commands (``python -m cln_portal``): :mod:`.cli` parses them, :mod:`.check` runs
every content check without building, :mod:`.scaffold` writes new content from templates."""
