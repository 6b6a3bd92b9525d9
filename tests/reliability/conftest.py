"""Fixtures of the reliability tests: a synthetic site served on 127.0.0.1."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
# the fault server of the fetch tests (tests/fetch/faultserver.py) is reused here
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "fetch"))
