"""``python -m cln_portal``: see :mod:`cln_portal.cli`."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
