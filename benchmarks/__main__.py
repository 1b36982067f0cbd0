"""``python -m benchmarks``: run every scenario and write ``benchmarks/RESULTS.md`` (see ``run.py``)."""

from __future__ import annotations

import sys

from benchmarks.run import main

if __name__ == "__main__":
    sys.exit(main())
