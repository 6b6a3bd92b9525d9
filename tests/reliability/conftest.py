"""Fixtures of the reliability tests: a synthetic site served on 127.0.0.1."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
