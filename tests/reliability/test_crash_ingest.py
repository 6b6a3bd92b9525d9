"""An ingest killed with SIGKILL while it loads, then run again, leaves exactly what a clean run leaves."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from relkit import INGEST_SCRIPT, SYNTH_SOURCES, run_ingest, sqlite_count, warehouse_snapshot

from ccetl.devsite import serve_site
from ccetl.synth import generate_site

N_ARTICLES = 60
BATCH = 5  # settings.pipeline.batch_size: 12 load transactions, a kill between two is easy to hit


def _ingest(sources: Path, db: Path, env: dict[str, str]) -> subprocess.Popen[str]:
    env = {**env, "PYTHONPATH": os.pathsep.join([str(Path(__file__).parent), env.get("PYTHONPATH", "")])}
    return subprocess.Popen([sys.executable, "-c", INGEST_SCRIPT, str(sources), f"sqlite:///{db}", str(BATCH)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)


def test_sigkill_mid_load_then_rerun_equals_clean_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = tmp_path / "site"
    generate_site(site, n_articles=N_ARTICLES, seed=7)
    sources = tmp_path / "sources.yaml"
    sources.write_text(SYNTH_SOURCES, encoding="utf-8")
    killed_db, clean_db = tmp_path / "killed.sqlite", tmp_path / "clean.sqlite"
    with serve_site(site) as base:
        env = {**os.environ, "CCETL_FIXTURE_SITE": str(base)}
        proc = _ingest(sources, killed_db, env)
        seen = 0
        deadline = time.monotonic() + 90
        try:
            while proc.poll() is None and time.monotonic() < deadline:
                seen = sqlite_count(killed_db, "article")
                if seen > 0:
                    break
                time.sleep(0.005)
        finally:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
        assert proc.returncode == -signal.SIGKILL, proc.stderr.read() if proc.stderr else ""
        monkeypatch.setenv("CCETL_FIXTURE_SITE", str(base))  # the sources file refers to it
        run_ingest(sources, f"sqlite:///{clean_db}", BATCH)
        total = sqlite_count(clean_db, "article")
        after_kill = sqlite_count(killed_db, "article")
        assert 0 < seen < total and after_kill < total, (seen, after_kill, total)
        # the killed warehouse holds only whole articles
        partial = warehouse_snapshot(killed_db)
        assert partial["half"] == [] and partial["dup_keys"] == [] and partial["orphans"] == 0
        again = run_ingest(sources, f"sqlite:///{killed_db}", BATCH)
        assert again["fetched"] == total and again["not_modified"] == 0  # no 304 for pages never loaded
    want, got = warehouse_snapshot(clean_db), warehouse_snapshot(killed_db)
    assert got["dup_keys"] == [] and got["dup_facts"] == [] and got["half"] == [] and got["orphans"] == 0
    assert len(got["articles"]) == len(want["articles"]) == total  # type: ignore[arg-type]
    assert got["articles"] == want["articles"]
    assert got["facts"] == want["facts"]
