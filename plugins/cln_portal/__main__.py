"""``python -m cln_portal``: see :mod:`cln_portal.commands.cli`."""

import sys

from .commands.cli import main

if __name__ == "__main__":
    sys.exit(main())
