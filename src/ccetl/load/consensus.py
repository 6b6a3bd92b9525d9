"""Consolidation: many articles stating one fact -> one agreed value, with conflicts flagged.

Facts are grouped by ``fact_key`` (region, sector, metric, measure, unit, period,
kind, bound class). Within a group, every near-duplicate group of articles
(syndicated copies) casts one vote per distinct value it states, credited to
the outlet that published it first (so a copy on another site adds no source). Values that
agree within rounding are clustered (single linkage); the cluster backed by the
most sources gives the agreed value, and more than one cluster is a conflict.

Two values agree when they differ by no more than the tolerance of the less
precise one: half a unit of its last significant digit, but at least
``rel_tol`` (0.5 %) and at most 1 % of the larger value; for percent and pp
also at most 0.05 points absolute beyond that floor. So 2.04 trillion and
20404.48亿 agree (0.02 %), 2.04 and 2.18 trillion do not (6.6 %).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from itertools import groupby
from typing import Any

from sqlalchemy import Connection, func, select

from ccetl.load import schema as S

DEFAULT_REL_TOL = 0.005
MAX_REL_TOL = 0.01
PERCENT_UNITS = {"percent", "pp"}
BOUND_CLASS = {"eq": "point", "approx": "point", "gt": "lower", "ge": "lower", "lt": "upper", "le": "upper"}


def half_unit(v: float) -> float:
    """Half a unit of the last significant digit of ``v`` as written with up to 12 digits."""
    if v == 0:
        return 0.0
    exp = Decimal(f"{abs(v):.12g}").normalize().as_tuple().exponent
    assert isinstance(exp, int)
    return 0.5 * 10.0**exp


def sig_digits(v: float) -> int:
    if v == 0:
        return 1
    return len(Decimal(f"{abs(v):.12g}").normalize().as_tuple().digits)


def agree(a: float, b: float, unit: str | None = None, rel_tol: float = DEFAULT_REL_TOL) -> bool:
    """Whether two statements of one fact agree within rounding (see the module doc)."""
    scale = max(abs(a), abs(b))
    diff = abs(a - b)
    if scale == 0 or diff <= 1e-9 * scale:
        return True
    hu = max(half_unit(a), half_unit(b))
    tol = max(rel_tol * scale, min(hu, MAX_REL_TOL * scale))
    if unit in PERCENT_UNITS:
        tol = max(tol, min(hu, 0.05))
    return diff <= tol * (1 + 1e-9)


def cluster_values(values: Sequence[float], unit: str | None, rel_tol: float) -> list[list[float]]:
    """Sorted values split wherever neighbours disagree (single linkage)."""
    out: list[list[float]] = []
    for v in sorted(values):
        if out and agree(out[-1][-1], v, unit, rel_tol):
            out[-1].append(v)
        else:
            out.append([v])
    return out


def _source_id(row: dict[str, Any]) -> str:
    return str(row["source"]) if row.get("source") else f"group:{row['dup_group']}"


def representatives(rows: Iterable[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """dup_group -> its earliest-published row: syndicated copies of one article count once,
    credited to the outlet that published first."""
    reps: dict[str, dict[str, Any]] = {}
    for r in rows:
        g = str(r["dup_group"])
        cur = reps.get(g)
        if cur is None or _pub_key(r) < _pub_key(cur):
            reps[g] = r
    return reps


def _pub_key(r: dict[str, Any]) -> tuple[dt.date, str]:
    return (r.get("published") or dt.date.max, str(r.get("source") or ""))


def count_sources(rows: Iterable[dict[str, Any]]) -> tuple[int, int]:
    """(independent sources, near-duplicate groups) among rows stating one fact."""
    reps = representatives(rows)
    return len({_source_id(r) for r in reps.values()}), len(reps)


def _consolidate_group(rows: list[dict[str, Any]], rel_tol: float) -> dict[str, Any]:
    first = rows[0]
    unit = first["unit"]
    if len(rows) == 1:  # the common case: a fact stated once
        return _row(first, float(first["value"]), 1, 1, 1, [_one_summary(first)])
    # One vote per (near-duplicate group, distinct value), credited to the group's first publisher.
    reps = representatives(rows)
    votes: dict[tuple[str, float], dict[str, Any]] = {}
    for r in rows:
        g = str(r["dup_group"])
        votes.setdefault((g, float(r["value"])), reps[g])
    clusters = cluster_values([v for _, v in votes], unit, rel_tol)
    summary: list[dict[str, Any]] = []
    for cl in clusters:
        members = set(cl)
        vs = [(g, v, r) for (g, v), r in votes.items() if v in members]
        groups = {g for g, _, _ in vs}
        sources = sorted({_source_id(r) for _, _, r in vs})
        counts: dict[float, int] = {}
        for _, v, _ in vs:
            counts[v] = counts.get(v, 0) + 1
        # The agreed value: the most stated, then the most precise.
        best = max(counts, key=lambda v: (counts[v], sig_digits(v)))
        seen = [r["published"] for _, _, r in vs if r.get("published") is not None]
        summary.append(
            {
                "value": best,
                "n_sources": len(sources),
                "n_articles": len(groups),
                "sources": sources,
                "_last": max(seen) if seen else dt.date.min,
            }
        )
    summary.sort(key=lambda s: (s["n_sources"], s["n_articles"], s["_last"]), reverse=True)
    for s in summary:
        del s["_last"]
    n_sources, n_articles = count_sources(rows)
    return _row(first, summary[0]["value"], n_sources, n_articles, len(rows), summary, rows)


def _one_summary(r: dict[str, Any]) -> dict[str, Any]:
    return {"value": float(r["value"]), "n_sources": 1, "n_articles": 1, "sources": [_source_id(r)]}


def _row(
    first: dict[str, Any],
    value: float,
    n_sources: int,
    n_articles: int,
    n_facts: int,
    summary: list[dict[str, Any]],
    rows: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    published = [r["published"] for r in (rows or [first]) if r.get("published") is not None]
    return {
        "fact_key": first["fact_key"],
        "region": first["region"],
        "sector": first["sector"],
        "metric": first["metric"],
        "measure": first["measure"],
        "unit": first["unit"],
        "period": first["period"],
        "period_start": first.get("period_start"),
        "period_end": first.get("period_end"),
        "kind": first["kind"],
        "bound_class": BOUND_CLASS.get(first.get("bound") or "eq", "point"),
        "value": value,
        "n_sources": n_sources,
        "n_articles": n_articles,
        "n_facts": n_facts,
        "first_seen": min(published) if published else None,
        "last_seen": max(published) if published else None,
        "conflict": len(summary) > 1,
        "values": summary,
    }


def build_consensus(rows: Iterable[dict[str, Any]], rel_tol: float | None = None) -> list[dict[str, Any]]:
    """Consensus rows from fact rows sorted by fact_key.

    Each fact row needs fact_key, region, sector, metric, measure, unit, period,
    kind, bound, value, source, dup_group, published (period_start/end optional).
    """
    tol = DEFAULT_REL_TOL if rel_tol is None else rel_tol
    return [_consolidate_group(list(g), tol) for _, g in groupby(rows, key=lambda r: r["fact_key"])]


def iter_groups(rows: Iterable[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    for _, g in groupby(rows, key=lambda r: r["fact_key"]):
        yield list(g)


def consensus_stale(conn: Connection) -> bool:
    """indicator_consensus is older than the newest article load (or empty while articles exist)."""
    built = conn.execute(select(func.max(S.IndicatorConsensus.updated_at))).scalar()
    loaded = conn.execute(select(func.max(S.ArticleRow.loaded_at))).scalar()
    if loaded is None:
        return False
    return built is None or str(built) < str(loaded)
