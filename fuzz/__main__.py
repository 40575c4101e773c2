"""``python -m fuzz``: run a fuzz campaign (see fuzz/campaign.py and docs/reliability.md)."""

from __future__ import annotations

import sys

from .campaign import main

if __name__ == "__main__":
    sys.exit(main())
