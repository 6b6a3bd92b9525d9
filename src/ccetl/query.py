"""Query the warehouse into pandas DataFrames. Parameterised SQL only.

    indicators(region="China:East", metric="output")   # facts, Shanghai etc. included
    consensus(sector="culture", min_sources=2)           # consolidated facts
    timeseries("Shanghai", "creative_design", "output")  # one agreed value per period
    sql("SELECT ...")                                    # read-only, one statement

``url`` defaults to ccetl.settings.warehouse_url() (CCETL_WAREHOUSE_URL).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd
from sqlalchemy import Select, Table, select, text
from sqlalchemy.exc import DBAPIError

from ccetl.errors import InputError, WarehouseError
from ccetl.load import schema as S
from ccetl.load.consensus import consensus_stale
from ccetl.load.periods import period_bounds
from ccetl.load.warehouse import Warehouse, _first_line, _ReadConn, make_engine, redact

fact_t: Table = S.FactIndicator.__table__  # type: ignore[assignment]
article_t: Table = S.ArticleRow.__table__  # type: ignore[assignment]
cons_t: Table = S.IndicatorConsensus.__table__  # type: ignore[assignment]
region_t: Table = S.DimRegion.__table__  # type: ignore[assignment]
rclos_t: Table = S.DimRegionClosure.__table__  # type: ignore[assignment]
sector_t: Table = S.DimSector.__table__  # type: ignore[assignment]
sclos_t: Table = S.DimSectorClosure.__table__  # type: ignore[assignment]
metric_t: Table = S.DimMetric.__table__  # type: ignore[assignment]

MEASURES = ("level", "change", "share", "rank")
KINDS = ("actual", "target", "forecast")

FACT_COLUMNS = [
    "id",
    "article_id",
    "doc",
    "value",
    "unit",
    "measure",
    "metric",
    "subject",
    "sector",
    "region",
    "period",
    "period_start",
    "period_end",
    "kind",
    "bound",
    "quote",
    "start_offset",
    "end_offset",
    "alt_value",
    "alt_unit",
    "source",
    "published",
    "extractor_version",
    "fact_key",
]


def _url(url: str | None) -> str:
    if url:
        return url
    from ccetl.settings import warehouse_url

    return warehouse_url()


def _warehouse(url: str | None) -> Warehouse:
    w = Warehouse(_url(url))
    w._ensure()
    return w


def _suggest(kind: str, value: str, names: Sequence[str]) -> InputError:
    close = difflib.get_close_matches(value, names, n=3, cutoff=0.5)
    if not close:
        lower = {n.lower(): n for n in names}
        close = [lower[c] for c in difflib.get_close_matches(value.lower(), list(lower), n=3, cutoff=0.5)]
    hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
    return InputError(f"unknown {kind} {value!r}{hint}")


def _resolve(
    conn: Any, kind: str, value: str, table: Table, key: str, alias_cols: Sequence[str], fact_col: str
) -> str:
    """The canonical name for ``value`` (exact, case-insensitive or an alias), else InputError with suggestions."""
    names: list[str] = []
    aliases: dict[str, str] = {}
    cols = [table.c[key], *(table.c[c] for c in alias_cols)]
    for row in conn.execute(select(*cols)):
        name = row[0]
        names.append(name)
        aliases[name.lower()] = name
        for extra in row[1:]:
            if isinstance(extra, str):
                aliases.setdefault(extra.lower(), name)
            elif isinstance(extra, list):
                for a in extra:
                    aliases.setdefault(str(a).lower(), name)
            elif isinstance(extra, dict):
                for lst in extra.values():
                    for a in lst or ():
                        aliases.setdefault(str(a).lower(), name)
    if value in names:
        return value
    if value.lower() in aliases:
        return aliases[value.lower()]
    # Not in the taxonomy: still fine if facts use it (e.g. a region outside the vocabulary).
    used = conn.execute(select(fact_t.c[fact_col]).where(fact_t.c[fact_col] == value).limit(1)).first()
    if used is not None:
        return value
    raise _suggest(kind, value, names or _distinct(conn, fact_col))


def _distinct(conn: Any, col: str) -> list[str]:
    return [v for v in conn.execute(select(fact_t.c[col]).distinct()).scalars() if v]


def _choice(kind: str, value: str | None, allowed: Sequence[str]) -> str | None:
    if value is None:
        return None
    if value not in allowed:
        raise _suggest(kind, value, list(allowed))
    return value


def _period(value: str | None, which: int, label: str) -> Any:
    if value is None:
        return None
    b = period_bounds(value)[which]
    if b is None:
        raise InputError(f"bad {label} {value!r}: use e.g. 2022, 2022-H1, 2022-Q3 or 2022-03")
    return b


def _filters(
    conn: Any,
    q: Select[Any],
    t: Table,
    *,
    region: str | None,
    sector: str | None,
    metric: str | None,
    measure: str | None,
    period_from: str | None,
    period_to: str | None,
    kind: str | None,
    rollup: bool = True,
) -> Select[Any]:
    if region is not None:
        r = _resolve(conn, "region", region, region_t, "name", ("zh", "zh_hant", "aliases"), "region")
        if rollup and _in_closure(conn, rclos_t, r):  # the closure holds (r, r): no OR, so indexes apply
            q = q.where(t.c.region.in_(select(rclos_t.c.descendant).where(rclos_t.c.ancestor == r)))
        else:
            q = q.where(t.c.region == r)
    if sector is not None:
        s = _resolve(conn, "sector", sector, sector_t, "code", ("en", "zh"), "sector")
        if rollup and _in_closure(conn, sclos_t, s):
            q = q.where(t.c.sector.in_(select(sclos_t.c.descendant).where(sclos_t.c.ancestor == s)))
        else:
            q = q.where(t.c.sector == s)
    if metric is not None:
        m = _resolve(conn, "metric", metric, metric_t, "code", ("en", "zh"), "metric")
        q = q.where(t.c.metric == m)
    if measure is not None:
        q = q.where(t.c.measure == _choice("measure", measure, MEASURES))
    if kind is not None:
        q = q.where(t.c.kind == _choice("kind", kind, KINDS))
    start = _period(period_from, 0, "--period-from")
    end = _period(period_to, 1, "--period-to")
    if start is not None:
        q = q.where(t.c.period_start >= start)
    if end is not None:
        q = q.where(t.c.period_end <= end)
    return q


def _in_closure(conn: Any, closure: Table, name: str) -> bool:
    row = conn.execute(
        select(closure.c.depth).where(closure.c.ancestor == name, closure.c.descendant == name)
    ).first()
    return row is not None


def _frame(conn: Any, q: Select[Any]) -> pd.DataFrame:
    res = conn.execute(q)
    return pd.DataFrame(res.fetchall(), columns=list(res.keys()))


def _source_counts(conn: Any, keys: Iterable[str]) -> dict[str, tuple[int, int]]:
    """fact_key -> (independent sources, near-duplicate groups) over the whole warehouse."""
    from ccetl.load.consensus import count_sources

    by_key: dict[str, list[dict[str, Any]]] = {}
    ks = list(keys)
    for i in range(0, len(ks), 500):
        q = (
            select(fact_t.c.fact_key, article_t.c.source, article_t.c.dup_group, article_t.c.published)
            .join(article_t, article_t.c.id == fact_t.c.article_id)
            .where(fact_t.c.fact_key.in_(ks[i : i + 500]))
        )
        for r in conn.execute(q).mappings():
            by_key.setdefault(r["fact_key"], []).append(dict(r))
    return {k: count_sources(rows) for k, rows in by_key.items()}


def indicators(
    url: str | None = None,
    *,
    region: str | None = None,
    sector: str | None = None,
    metric: str | None = None,
    measure: str | None = None,
    period_from: str | None = None,
    period_to: str | None = None,
    kind: str | None = None,
    source: str | None = None,
    min_sources: int | None = None,
    limit: int | None = None,
) -> pd.DataFrame:
    """Facts (one row per extracted record) with their article, filtered.

    ``region`` includes every region it contains (China:East -> Shanghai, Jing'an...);
    ``sector`` includes its sub-sectors; ``period_from``/``period_to`` keep facts whose
    period lies within; ``min_sources`` keeps facts stated by at least that many sources
    (columns n_sources/n_articles count them; syndicated copies count once).
    """
    w = _warehouse(url)
    try:
        with _ReadConn(w.engine) as conn:
            cols = [fact_t.c[c] for c in FACT_COLUMNS]
            q: Select[Any] = select(
                *cols, article_t.c.key.label("url"), article_t.c.title, article_t.c.dup_group
            ).join(article_t, article_t.c.id == fact_t.c.article_id)
            q = _filters(
                conn,
                q,
                fact_t,
                region=region,
                sector=sector,
                metric=metric,
                measure=measure,
                period_from=period_from,
                period_to=period_to,
                kind=kind,
            )
            if source is not None:
                known = _distinct_sources(conn)
                if source not in known:
                    raise _suggest("source", source, known)
                q = q.where(fact_t.c.source == source)
            # Source counts come from indicator_consensus when it is current (one indexed join),
            # else (and for facts it leaves out) they are counted here.
            fresh = not consensus_stale(conn)
            if fresh:
                q = q.add_columns(cons_t.c.n_sources, cons_t.c.n_articles).outerjoin(
                    cons_t, cons_t.c.fact_key == fact_t.c.fact_key
                )
            q = q.order_by(fact_t.c.published, fact_t.c.id)
            if limit is not None and min_sources is None:
                q = q.limit(limit)
            df = _frame(conn, q)
            if not fresh:
                df["n_sources"] = pd.Series([None] * len(df), dtype=object)
                df["n_articles"] = pd.Series([None] * len(df), dtype=object)
            missing = df.loc[df["n_sources"].isna(), "fact_key"].unique()
            counts = _source_counts(conn, missing) if len(missing) else {}
    except DBAPIError as e:
        raise WarehouseError(f"query failed on {w.safe_url}: {_first_line(e)}") from e
    finally:
        w.close()
    if counts:
        todo = df["n_sources"].isna()
        df.loc[todo, "n_sources"] = [counts.get(k, (0, 0))[0] for k in df.loc[todo, "fact_key"]]
        df.loc[todo, "n_articles"] = [counts.get(k, (0, 0))[1] for k in df.loc[todo, "fact_key"]]
    df["n_sources"] = df["n_sources"].fillna(0).astype("int64")
    df["n_articles"] = df["n_articles"].fillna(0).astype("int64")
    if min_sources is not None:
        df = df[df["n_sources"] >= min_sources].reset_index(drop=True)
        if limit is not None:
            df = df.head(limit)
    return df


def _distinct_sources(conn: Any) -> list[str]:
    names = set(conn.execute(select(S.Source.name)).scalars())
    names.update(v for v in conn.execute(select(article_t.c.source).distinct()).scalars() if v)
    return sorted(names)


def consensus(
    url: str | None = None,
    *,
    region: str | None = None,
    sector: str | None = None,
    metric: str | None = None,
    measure: str | None = None,
    period_from: str | None = None,
    period_to: str | None = None,
    kind: str | None = None,
    min_sources: int | None = None,
    conflict: bool | None = None,
    rollup: bool = True,
    refresh: bool | None = None,
    limit: int | None = None,
) -> pd.DataFrame:
    """Consolidated facts (indicator_consensus), rebuilt first when articles were loaded since.

    ``refresh``: True always rebuilds, False never, None (default) when stale.
    """
    w = _warehouse(url)
    try:
        with _ReadConn(w.engine) as conn:
            stale = consensus_stale(conn) if refresh is None else refresh
        if stale:
            w.consolidate()
        with _ReadConn(w.engine) as conn:
            q: Select[Any] = select(cons_t)
            q = _filters(
                conn,
                q,
                cons_t,
                region=region,
                sector=sector,
                metric=metric,
                measure=measure,
                period_from=period_from,
                period_to=period_to,
                kind=kind,
                rollup=rollup,
            )
            if min_sources is not None:
                q = q.where(cons_t.c.n_sources >= min_sources)
            if conflict is not None:
                q = q.where(cons_t.c.conflict == conflict)
            q = q.order_by(
                cons_t.c.region, cons_t.c.sector, cons_t.c.metric, cons_t.c.period_start, cons_t.c.fact_key
            )
            if limit is not None:
                q = q.limit(limit)
            df = _frame(conn, q)
    except DBAPIError as e:
        raise WarehouseError(f"query failed on {w.safe_url}: {_first_line(e)}") from e
    finally:
        w.close()
    if len(df):
        df["conflict"] = df["conflict"].astype(bool)
    return df


def timeseries(
    region: str,
    sector: str | None,
    metric: str,
    *,
    url: str | None = None,
    measure: str = "level",
    kind: str = "actual",
    unit: str | None = None,
    period_from: str | None = None,
    period_to: str | None = None,
) -> pd.DataFrame:
    """One agreed value per period for exactly this region, sector and metric (no roll-up), oldest first.

    Columns: period, period_start, period_end, value, unit, bound_class, n_sources,
    n_articles, conflict, values.
    """
    df = consensus(
        url,
        region=region,
        sector=sector,
        metric=metric,
        measure=measure,
        kind=kind,
        period_from=period_from,
        period_to=period_to,
        rollup=False,
    )
    if sector is None:
        df = df[df["sector"].isna()]
    if unit is not None:
        df = df[df["unit"] == unit]
    cols = [
        "period",
        "period_start",
        "period_end",
        "value",
        "unit",
        "bound_class",
        "n_sources",
        "n_articles",
        "conflict",
        "values",
    ]
    df = df.sort_values(["period_start", "period", "unit", "bound_class"], na_position="last")
    return df[cols].reset_index(drop=True)


# ---------------------------------------------------------------------- read-only SQL
_TOKEN = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|--[^\n]*|/\*.*?\*/|;|[^'\";/-]+|.", re.S)


def single_statement(query: str) -> str:
    """The query without a trailing semicolon; InputError if it holds more than one statement."""
    parts: list[str] = []
    seen_end = False
    for tok in _TOKEN.findall(query):
        if tok == ";":
            seen_end = True
            continue
        if tok.startswith("--") or tok.startswith("/*") or not tok.strip():
            if not seen_end:
                parts.append(tok)
            continue
        if seen_end:
            raise InputError("query sql runs one statement at a time: remove everything after the first ';'")
        parts.append(tok)
    out = "".join(parts).strip()
    if not out:
        raise InputError("query sql needs a statement, e.g. SELECT count(*) FROM fact_indicator")
    return out


def sql(query: str, url: str | None = None, params: dict[str, Any] | None = None) -> pd.DataFrame:
    """Run one statement on a read-only connection (SQLite mode=ro + query_only; PostgreSQL READ ONLY)."""
    stmt = single_statement(query)
    target = _url(url)
    engine = make_engine(target, readonly=True)
    try:
        with engine.connect() as conn:
            if conn.dialect.name == "postgresql":
                conn.exec_driver_sql("SET TRANSACTION READ ONLY")
            res = conn.execute(text(stmt), params) if params else conn.exec_driver_sql(stmt)
            if not res.returns_rows:
                raise InputError("query sql is read-only and returns rows: use SELECT (or WITH ... SELECT)")
            df = pd.DataFrame(res.fetchall(), columns=list(res.keys()))
            conn.rollback()
            return df
    except DBAPIError as e:
        msg = _first_line(e)
        low = msg.lower()
        if "read-only" in low or "readonly" in low or "read only" in low:
            raise InputError(f"query sql is read-only: {msg}") from e
        raise InputError(f"query sql failed on {redact(target)}: {msg}") from e
    finally:
        engine.dispose()
