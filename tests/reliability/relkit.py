"""Helpers of the reliability tests (a uniquely named module, like tests/fetch/fetchkit.py)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from ccetl.pipeline import ingest_direct, totals
from ccetl.settings import Settings, get_settings
from ccetl.sources import load_sources

SYNTH_SOURCES = """
sources:
  - name: synth-news
    kind: rss
    url: ${CCETL_FIXTURE_SITE}/news/rss.xml
    local: true
"""

# Runs ccetl.pipeline.ingest_direct: argv = sources.yaml, warehouse URL, load batch size (the site base URL in CCETL_FIXTURE_SITE).
INGEST_SCRIPT = """
import sys
from pathlib import Path
from relkit import run_ingest
print(run_ingest(Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])), flush=True)
"""


def fast_settings(batch_size: int = 200) -> Settings:
    """The project settings with loopback-friendly HTTP limits and the given load batch size."""
    settings = get_settings()
    return settings.model_copy(update={
        "http": settings.http.model_copy(update={"per_host_rate_per_s": 10000.0, "per_host_concurrency": 8,
                                                 "timeout_s": 5.0, "backoff_base_s": 0.01}),
        "pipeline": settings.pipeline.model_copy(update={"batch_size": batch_size}),
    })


def run_ingest(sources: Path, url: str, batch_size: int = 200) -> dict[str, int]:
    """ccetl.pipeline.ingest_direct over a sources file (the site's base URL in CCETL_FIXTURE_SITE)."""
    return totals(ingest_direct(fast_settings(batch_size), load_sources(sources), url))


COUNT_SQL = {"article": "SELECT count(*) FROM article", "fact_indicator": "SELECT count(*) FROM fact_indicator",
             "fetch_log": "SELECT count(*) FROM fetch_log"}


def sqlite_count(path: Path, table: str) -> int:
    """Rows in `table` of a SQLite file being written by another process (0 while it does not exist)."""
    if not path.exists():
        return 0
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=0.5)
        try:
            row = con.execute(COUNT_SQL[table]).fetchone()
        finally:
            con.close()
    except sqlite3.OperationalError:
        return 0
    return int(row[0])


def warehouse_snapshot(path: Path) -> dict[str, object]:
    """The warehouse rows a clean run determines: articles (key, hash, version, n) and their facts.

    Run ids, load times and fetch-log rows differ between runs and are left out.
    """
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        articles = con.execute(
            "SELECT key, doc, content_hash, extractor_version, n_indicators, title, published, lang, dup_group"
            " FROM article ORDER BY key").fetchall()
        facts = con.execute(
            "SELECT a.key, f.ordinal, f.value, f.unit, f.measure, f.metric, f.sector, f.region, f.period,"
            " f.kind, f.bound, f.quote, f.start_offset, f.end_offset, f.fact_key"
            " FROM fact_indicator f JOIN article a ON a.id = f.article_id ORDER BY a.key, f.ordinal").fetchall()
        dup_keys = con.execute("SELECT key FROM article GROUP BY key HAVING count(*) > 1").fetchall()
        dup_facts = con.execute(
            "SELECT article_id, ordinal FROM fact_indicator GROUP BY article_id, ordinal HAVING count(*) > 1"
        ).fetchall()
        half = con.execute(
            "SELECT a.key FROM article a LEFT JOIN fact_indicator f ON f.article_id = a.id"
            " GROUP BY a.id, a.key, a.n_indicators HAVING count(f.id) != a.n_indicators").fetchall()
        orphans = con.execute(
            "SELECT count(*) FROM fact_indicator f LEFT JOIN article a ON a.id = f.article_id WHERE a.id IS NULL"
        ).fetchone()[0]
    finally:
        con.close()
    return {"articles": articles, "facts": facts, "dup_keys": dup_keys, "dup_facts": dup_facts,
            "half": half, "orphans": orphans}
