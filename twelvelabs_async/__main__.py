"""``python -m twelvelabs_async``: the ``twelvelabs-async`` command."""

import sys

from twelvelabs_async.cli import main

if __name__ == "__main__":
    sys.exit(main())
