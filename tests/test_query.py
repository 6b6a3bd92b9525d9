"""ccetl.query on SQLite and PostgreSQL: filters with roll-up, consensus, timeseries, read-only SQL."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ccetl import query
from ccetl.errors import InputError
from ccetl.load import Warehouse
from ccetl.load.testing import make_article, make_indicator, pg_schema_url, pg_unavailable_reason

TAXONOMY = Path(__file__).resolve().parents[1] / "config" / "taxonomy"


@pytest.fixture(scope="module")
def pg_reason() -> str | None:
    return pg_unavailable_reason()


def populate(url: str) -> None:
    w = Warehouse(url, taxonomy_dir=TAXONOMY)
    run = w.begin_run("test")
    items: list[tuple[Any, ...]] = []

    def add(
        n: int, source: str, published: dt.date, facts: list[dict[str, Any]], dup: str | None = None
    ) -> None:
        a = make_article(n, source=source, published=published, text=f"text of article {n} from {source}")
        inds = [make_indicator(a.doc, **f) for f in facts]
        items.append((a, inds, None, dup))

    culture = {"sector": "culture", "region": "China", "metric": "added_value", "period": "2022"}
    add(1, "xinhua", dt.date(2023, 1, 5), [dict(value=2.04e12, **culture)], dup="g1")
    add(2, "sina", dt.date(2023, 1, 6), [dict(value=2.04e12, **culture)], dup="g1")  # syndicated copy of 1
    add(3, "stats", dt.date(2023, 1, 7), [dict(value=2.040448e12, **culture)])
    add(4, "blog", dt.date(2023, 2, 1), [dict(value=2.18e12, **culture)])
    sh = {"sector": "creative_design", "region": "Shanghai", "metric": "output"}
    add(5, "xinhua", dt.date(2021, 3, 1), [dict(value=1.39e12, period="2020", **sh)])
    add(6, "xinhua", dt.date(2022, 3, 1), [dict(value=1.56e12, period="2021", **sh)])
    add(
        7,
        "shanghai_gov",
        dt.date(2023, 3, 1),
        [
            dict(value=1.64e12, period="2022", **sh),
            dict(value=1.17, unit="percent", measure="change", period="2022", **sh),
            dict(value=3.1e11, sector="games", region="Jing'an", metric="revenue", period="2022"),
            dict(value=5.0e11, sector="culture", region="Beijing", metric="revenue", period="2022-H1"),
            dict(
                value=8000,
                unit="count",
                metric="enterprises",
                sector="culture",
                region="China",
                period="2022",
            ),
        ],
    )
    add(8, "china_daily", dt.date(2023, 3, 2), [dict(value=1.64e12, period="2022", **sh)])
    w.load_articles(run, items, "1")
    w.finish_run(run, "success", {})
    w.close()


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, pg_reason: str | None
) -> Iterator[str]:
    if request.param == "sqlite":
        u = f"sqlite:///{tmp_path_factory.mktemp('q') / 'wh.sqlite'}"
        populate(u)
        yield u
        return
    if pg_reason:
        pytest.skip(pg_reason)
    with pg_schema_url() as u:
        populate(u)
        yield u


def test_indicators_region_rollup(url: str) -> None:
    east = query.indicators(url, region="China:East")
    assert set(east["region"]) == {"Shanghai", "Jing'an", "Beijing"}
    assert set(query.indicators(url, region="Shanghai")["region"]) == {"Shanghai", "Jing'an"}
    assert set(query.indicators(url, region="上海")["region"]) == {"Shanghai", "Jing'an"}  # alias
    assert len(query.indicators(url, region="China")) == len(query.indicators(url))
    for col in ("value", "unit", "quote", "start_offset", "url", "title", "source", "published", "n_sources"):
        assert col in east.columns


def test_indicators_sector_children_and_filters(url: str) -> None:
    cc = query.indicators(url, sector="culture_core")
    assert "creative_design" in set(cc["sector"]) and "games" not in set(cc["sector"])
    assert set(query.indicators(url, sector="culture")["sector"]) >= {"culture", "creative_design", "games"}
    out = query.indicators(url, region="Shanghai", metric="output", measure="level", kind="actual")
    assert sorted(out["period"]) == ["2020", "2021", "2022", "2022"]
    assert list(query.indicators(url, metric="output", period_from="2021", period_to="2021")["value"]) == [
        1.56e12
    ]
    assert set(query.indicators(url, period_from="2022-01", period_to="2022-06")["period"]) == {"2022-H1"}
    assert set(query.indicators(url, source="china_daily")["source"]) == {"china_daily"}


def test_min_sources_counts_syndicated_copies_once(url: str) -> None:
    df = query.indicators(url, metric="added_value")
    assert set(df["n_sources"]) == {3} and set(df["n_articles"]) == {3}  # sina only copies xinhua
    two = query.indicators(url, metric="output", min_sources=2)
    assert list(two["value"]) == [1.64e12, 1.64e12]
    assert query.indicators(url, min_sources=5).empty


@pytest.mark.parametrize(
    ("kw", "expect"),
    [
        ({"region": "Shangai"}, "Shanghai"),
        ({"sector": "creative_desing"}, "creative_design"),
        ({"metric": "outptu"}, "output"),
        ({"measure": "levle"}, "level"),
        ({"source": "xinhau"}, "xinhua"),
    ],
)
def test_unknown_names_suggest(url: str, kw: dict[str, Any], expect: str) -> None:
    with pytest.raises(InputError, match=f"did you mean '{expect}'"):
        query.indicators(url, **kw)


def test_bad_period(url: str) -> None:
    with pytest.raises(InputError, match="bad --period-from"):
        query.indicators(url, period_from="last year")


def test_consensus_agreement_and_conflict(url: str) -> None:
    c = query.consensus(url, metric="added_value")
    assert len(c) == 1
    row = c.iloc[0]
    assert bool(row["conflict"]) is True
    assert row["value"] == pytest.approx(2.040448e12)  # 2.04 trillion and 20404.48亿 agree; most precise kept
    assert row["n_sources"] == 3 and row["n_articles"] == 3 and row["n_facts"] == 4
    values = row["values"]
    assert [v["n_articles"] for v in values] == [2, 1]
    assert values[1]["value"] == 2.18e12 and values[1]["sources"] == ["blog"]
    assert row["first_seen"] == dt.date(2023, 1, 5) and row["last_seen"] == dt.date(2023, 2, 1)
    out = query.consensus(url, region="Shanghai", metric="output", measure="level")
    assert list(out["n_sources"]) == [1, 1, 2] and not out["conflict"].any()
    assert len(query.consensus(url, min_sources=2)) == 2
    assert len(query.consensus(url, conflict=True)) == 1


def test_timeseries(url: str) -> None:
    ts = query.timeseries("Shanghai", "creative_design", "output", url=url)
    assert list(ts["period"]) == ["2020", "2021", "2022"]
    assert list(ts["value"]) == [1.39e12, 1.56e12, 1.64e12]
    assert list(ts["n_sources"]) == [1, 1, 2]
    with pytest.raises(InputError, match="Shanghai"):
        query.timeseries("Shangai", "creative_design", "output", url=url)


def test_sql_read_only(url: str) -> None:
    df = query.sql("SELECT count(*) AS n FROM fact_indicator;", url)
    assert int(df["n"][0]) == 12
    df = query.sql(
        "SELECT region, count(*) AS n FROM fact_indicator WHERE unit = :u GROUP BY region", url, {"u": "CNY"}
    )
    assert len(df) > 1
    for bad in (
        "DELETE FROM fact_indicator",
        "INSERT INTO source (name, updated_at) VALUES ('x', '2020-01-01')",
        "DROP TABLE article",
        "UPDATE article SET title = 'x'",
    ):
        with pytest.raises(InputError, match="read-only") as ei:
            query.sql(bad, url)
        assert "\n" not in str(ei.value)
    with pytest.raises(InputError, match="one statement"):
        query.sql("SELECT 1; DELETE FROM fact_indicator", url)
    assert (
        query.single_statement("SELECT ';' AS x -- trailing; comment\n;")
        == "SELECT ';' AS x -- trailing; comment"
    )
    assert int(query.sql("SELECT count(*) AS n FROM fact_indicator", url)["n"][0]) == 12


def test_requery_after_new_load_refreshes_consensus(tmp_path: Path) -> None:
    u = f"sqlite:///{tmp_path / 'w.sqlite'}"
    w = Warehouse(u, taxonomy_dir=TAXONOMY)
    a = make_article(1)
    w.load_article(None, a, [make_indicator(a.doc)], extractor_version="1")
    assert len(query.consensus(u)) == 1
    b = dataclasses.replace(make_article(2, source="s2"))
    w.load_article(None, b, [make_indicator(b.doc)], extractor_version="1")
    assert list(query.consensus(u)["n_sources"]) == [2]
    w.close()


def test_source_counts_same_with_or_without_consensus(tmp_path: Path) -> None:
    u = f"sqlite:///{tmp_path / 'w.sqlite'}"
    populate(u)
    a = make_article(50, source="other")
    w = Warehouse(u, taxonomy_dir=TAXONOMY)
    w.load_article(None, a, [make_indicator(a.doc, 7.0, metric=None)], extractor_version="1")
    stale = query.indicators(u)  # consensus never built: counted from facts
    w.consolidate()
    w.close()
    fresh = query.indicators(u)  # from indicator_consensus; facts without a metric counted from facts
    assert list(stale["n_sources"]) == list(fresh["n_sources"])
    assert list(stale["n_articles"]) == list(fresh["n_articles"])
    assert fresh["n_sources"].dtype == "int64" and (fresh["n_sources"] >= 1).all()


def test_region_outside_taxonomy_is_matched_exactly(tmp_path: Path) -> None:
    u = f"sqlite:///{tmp_path / 'w.sqlite'}"
    w = Warehouse(u, taxonomy_dir=TAXONOMY)
    a = make_article(1)
    w.load_article(
        None, a, [make_indicator(a.doc, region="Atlantis"), make_indicator(a.doc)], extractor_version="1"
    )
    w.close()
    assert list(query.indicators(u, region="Atlantis")["region"]) == ["Atlantis"]
    assert list(query.indicators(u, region="China")["region"]) == ["Shanghai"]
