"""Command-line entry: `python build.py --help`."""

import sys

from centricity.cli import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
