"""Consolidation rules: rounding agreement, conflicts, syndicated copies counted once."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from ccetl.load import Warehouse
from ccetl.load.consensus import agree, build_consensus, half_unit
from ccetl.load.testing import make_article, make_indicator


@pytest.mark.parametrize(
    ("a", "b", "unit", "ok"),
    [
        (2.04e12, 2.040448e12, "CNY", True),  # 2.04 trillion vs 20404.48亿
        (2.04e12, 2.18e12, "CNY", False),
        (1.64e12, 1.6e12, "CNY", False),  # 2.5 %: beyond the 1 % cap
        (8000, 8012, "count", True),  # within 0.5 %
        (8000, 8100, "count", False),
        (1.17, 1.2, "percent", True),  # 1.2 is 1.17 rounded
        (5.0, 5.4, "percent", False),
        (0.0, 0.0, "percent", True),
        (-1.9, -1.94, "percent", True),
    ],
)
def test_agree(a: float, b: float, unit: str, ok: bool) -> None:
    assert agree(a, b, unit) is ok
    assert agree(b, a, unit) is ok


def test_half_unit() -> None:
    assert half_unit(2.04e12) == pytest.approx(5e9)
    assert half_unit(1.17) == pytest.approx(0.005)
    assert half_unit(0) == 0


def _row(
    value: float, source: str | None, group: str, published: dt.date | None = None, key: str = "k"
) -> dict[str, Any]:
    return {
        "fact_key": key,
        "region": "China",
        "sector": "culture",
        "metric": "added_value",
        "measure": "level",
        "unit": "CNY",
        "period": "2022",
        "kind": "actual",
        "bound": "eq",
        "value": value,
        "source": source,
        "dup_group": group,
        "published": published,
    }


def test_build_consensus_picks_best_supported_cluster() -> None:
    rows = [
        _row(2.18e12, "blog", "g4", dt.date(2023, 2, 1)),
        _row(2.04e12, "xinhua", "g1", dt.date(2023, 1, 5)),
        _row(2.04e12, "sina", "g1", dt.date(2023, 1, 6)),  # syndicated copy
        _row(2.040448e12, "stats", "g3", dt.date(2023, 1, 7)),
        _row(2.040448e12, "stats", "g3", dt.date(2023, 1, 7)),  # stated twice in one article
    ]
    (c,) = build_consensus(rows)
    assert c["conflict"] is True and c["value"] == 2.040448e12
    assert (c["n_sources"], c["n_articles"], c["n_facts"]) == (3, 3, 5)  # sina copies xinhua
    assert [v["n_articles"] for v in c["values"]] == [2, 1]
    assert c["values"][0]["sources"] == ["stats", "xinhua"]
    assert (c["first_seen"], c["last_seen"]) == (dt.date(2023, 1, 5), dt.date(2023, 2, 1))


def test_sources_missing_count_by_group() -> None:
    (c,) = build_consensus([_row(1.0, None, "a"), _row(1.0, None, "b"), _row(1.0, None, "b")])
    assert (c["n_sources"], c["n_articles"], c["conflict"]) == (2, 2, False)


def test_consolidate_in_warehouse(wh: Warehouse) -> None:
    items: list[tuple[Any, ...]] = []
    for n, (src, value, dup) in enumerate(
        [
            ("xinhua", 2.04e12, "g1"),
            ("sina", 2.04e12, "g1"),
            ("stats", 2.040448e12, None),
            ("blog", 2.18e12, None),
        ]
    ):
        a = make_article(n, source=src)
        facts = [make_indicator(a.doc, value, sector="culture", region="China", metric="added_value")]
        facts.append(
            make_indicator(a.doc, 7.0, unit="percent", measure="change", metric=None)
        )  # no metric: skipped
        items.append((a, facts, None, dup))
    wh.load_articles(None, items, "1")
    assert wh.consolidate() == 1
    assert wh.consolidate() == 1  # rebuilt, not appended
    with wh.engine.connect() as conn:
        from sqlalchemy import select

        from ccetl.load.schema import IndicatorConsensus as C

        row = conn.execute(select(C.value, C.n_sources, C.n_articles, C.conflict)).one()
    assert row == (2.040448e12, 3, 3, True)
