"""``python -m unigrad``: the ``unigrad`` command (unigrad.cli)."""
import sys

from unigrad.cli import main

if __name__ == "__main__":
    sys.exit(main())
