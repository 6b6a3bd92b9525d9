"""A loader killed with SIGKILL mid-load leaves no half-loaded article."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time

from sqlalchemy import text

from ccetl.load import Warehouse

from .conftest import TAXONOMY

SCRIPT = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from ccetl.load import Warehouse
    from ccetl.load.testing import sample_items
    w = Warehouse(sys.argv[1], taxonomy_dir=Path(sys.argv[2]))
    w.upgrade()
    print("ready", flush=True)
    items = sample_items(60, per=25)
    for version in range(1000):
        w.load_articles(None, items, str(version), batch_size=7)
        if version == 0:
            print("loaded", flush=True)
    """
)


def test_sigkill_mid_load_leaves_whole_articles(wh_url: str) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-c", SCRIPT, wh_url, str(TAXONOMY)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready", proc.stderr.read() if proc.stderr else ""
        assert proc.stdout.readline().strip() == "loaded"
        time.sleep(0.5)  # re-extractions in flight
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    w = Warehouse(wh_url, taxonomy_dir=TAXONOMY)
    with w.engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT a.id, a.n_indicators, a.extractor_version, count(f.id), "
                "min(f.extractor_version), max(f.extractor_version) "
                "FROM article a LEFT JOIN fact_indicator f ON f.article_id = a.id "
                "GROUP BY a.id, a.n_indicators, a.extractor_version"
            )
        ).all()
    assert len(rows) == 60
    for _aid, n, version, nfacts, vmin, vmax in rows:
        assert n == nfacts == 25
        assert vmin == vmax == version
    assert w.counts()["fact_indicator"] == 60 * 25
    w.close()
