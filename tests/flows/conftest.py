"""tests/flows: the real-server test (marked slow) runs only when asked for.

It starts `prefect server start`, which took 65-100 s on a loaded 2-core CI box
(3-4 min for the whole test), too long for the default suite. Run it with
`pytest -m slow tests/flows` or CCETL_SLOW_TESTS=1.
"""

from __future__ import annotations

import os

import pytest


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    wanted = "slow" in (config.getoption("-m") or "") or os.environ.get("CCETL_SLOW_TESTS") == "1"
    if wanted:
        return
    skip = pytest.mark.skip(reason="starts a real Prefect server (minutes); run with -m slow or CCETL_SLOW_TESTS=1")
    for item in items:
        if "slow" in item.keywords and item.fspath is not None and "tests/flows" in str(item.fspath):
            item.add_marker(skip)
