"""What the report shows, read from the warehouse with parameterised SQLAlchemy Core queries.

The report only reads: it opens a read-only engine (``make_engine(url, readonly=True)``)
and never migrates or writes. Missing tables read as empty.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import Connection, Table, case, func, inspect, select
from sqlalchemy.exc import OperationalError

from ccetl.errors import InputError, WarehouseError
from ccetl.load import schema as S
from ccetl.load.consensus import build_consensus, consensus_stale
from ccetl.load.warehouse import _first_line, make_engine, redact

article_t: Table = S.ArticleRow.__table__  # type: ignore[assignment]
fact_t: Table = S.FactIndicator.__table__  # type: ignore[assignment]
fetch_t: Table = S.FetchLogRow.__table__  # type: ignore[assignment]
ledger_t: Table = S.PartitionLedger.__table__  # type: ignore[assignment]
consensus_t: Table = S.IndicatorConsensus.__table__  # type: ignore[assignment]
region_t: Table = S.DimRegion.__table__  # type: ignore[assignment]
rclos_t: Table = S.DimRegionClosure.__table__  # type: ignore[assignment]
sclos_t: Table = S.DimSectorClosure.__table__  # type: ignore[assignment]
sector_t: Table = S.DimSector.__table__  # type: ignore[assignment]
metric_t: Table = S.DimMetric.__table__  # type: ignore[assignment]

MAX_FACT_ROWS = 1500  # consolidated facts in the table (most-sourced first)
MAX_QUOTES = 6  # quoted sentences listed per fact
_CHUNK = 400


@dataclass
class Filters:
    """Canonical filter values; region and sector include their sub-regions / sub-sectors (closure tables)."""

    region: str | None = None
    sector: str | None = None
    metric: str | None = None
    rollup: bool = True


def _where(q: Any, t: Table, f: Filters) -> Any:
    """``q`` restricted to the filters, on table ``t`` (fact_indicator or indicator_consensus)."""
    if f.region is not None:
        if f.rollup:
            sub = select(rclos_t.c.descendant).where(rclos_t.c.ancestor == f.region)
            q = q.where((t.c.region == f.region) | t.c.region.in_(sub))
        else:
            q = q.where(t.c.region == f.region)
    if f.sector is not None:
        if f.rollup:
            sub = select(sclos_t.c.descendant).where(sclos_t.c.ancestor == f.sector)
            q = q.where((t.c.sector == f.sector) | t.c.sector.in_(sub))
        else:
            q = q.where(t.c.sector == f.sector)
    if f.metric is not None:
        q = q.where(t.c.metric == f.metric)
    return q


@dataclass
class Names:
    """Display names per code, per language: names.region("Shanghai", "zh") -> "上海市"."""

    regions: dict[str, dict[str, str | None]] = field(default_factory=dict)
    sectors: dict[str, dict[str, str | None]] = field(default_factory=dict)
    metrics: dict[str, dict[str, str | None]] = field(default_factory=dict)

    @staticmethod
    def _get(table: dict[str, dict[str, str | None]], code: str | None, lang: str, none: str) -> str:
        if code is None:
            return none
        row = table.get(code) or {}
        return row.get(lang) or code

    def region(self, code: str | None, lang: str) -> str:
        return self._get(self.regions, code, lang if lang == "zh" else "en", "unspecified" if lang == "en" else "未指明")

    def sector(self, code: str | None, lang: str) -> str:
        return self._get(self.sectors, code, lang, "all sectors" if lang == "en" else "全部行业")

    def metric(self, code: str | None, lang: str) -> str:
        return self._get(self.metrics, code, lang, "unspecified" if lang == "en" else "未指明")


@dataclass
class Quote:
    source: str | None
    url: str | None
    title: str | None
    published: dt.date | None
    quote: str
    value: float
    unit: str
    bound: str


@dataclass
class Fact:
    """One consolidated fact (a row of indicator_consensus) with its supporting quotes."""

    fact_key: str
    region: str | None
    sector: str | None
    metric: str | None
    measure: str
    unit: str
    period: str | None
    period_start: dt.date | None
    period_end: dt.date | None
    kind: str
    bound_class: str
    value: float
    n_sources: int
    n_articles: int
    conflict: bool
    values: list[dict[str, Any]]
    first_seen: dt.date | None = None
    last_seen: dt.date | None = None
    subject: str | None = None  # what is counted (metric "count"), from the fact key
    quotes: list[Quote] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)


@dataclass
class Health:
    articles_per_day: list[dict[str, Any]] = field(default_factory=list)  # day, source, n
    indicators_per_day: list[dict[str, Any]] = field(default_factory=list)  # day, source, n
    fetch_per_source: list[dict[str, Any]] = field(default_factory=list)  # source, requests, failures, last_error
    ledger_problems: list[dict[str, Any]] = field(default_factory=list)  # source, window_start, window_end, status, error
    ledger_gaps: list[dict[str, Any]] = field(default_factory=list)  # source, gap_start, gap_end
    ledger_summary: list[dict[str, Any]] = field(default_factory=list)  # source, status counts


@dataclass
class ReportData:
    filters: Filters
    names: Names
    facts: list[Fact]  # filtered consolidated facts, for charts and table
    comparison: list[Fact]  # facts of every region for the comparison chart (sector/metric filters only)
    health: Health
    n_articles: int = 0
    n_fact_rows: int = 0
    n_consensus: int = 0
    consolidated: bool = True  # False: indicator_consensus was empty or stale, consolidated in memory instead
    truncated: int = 0  # facts left out of the table

    @property
    def empty(self) -> bool:
        return self.n_articles == 0 and self.n_fact_rows == 0


# ---------------------------------------------------------------- names and filters


def _taxonomy_dir() -> Path | None:
    try:
        from ccetl.settings import get_settings

        settings = get_settings()
        d = settings.path(settings.taxonomy_dir)
    except Exception:  # noqa: BLE001 - no settings: fall back to the dim tables only
        return None
    return d if d.is_dir() else None


def _yaml_list(path: Path) -> list[dict[str, Any]]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return []
    return [x for x in data if isinstance(x, dict)] if isinstance(data, list) else []


def read_names(conn: Connection | None, tables: set[str]) -> Names:
    """Display names from the dim tables (else the taxonomy YAML)."""
    names = Names()
    regions: list[dict[str, Any]] = []
    sectors: list[dict[str, Any]] = []
    metrics: list[dict[str, Any]] = []
    if conn is not None and "dim_region" in tables:
        regions = [dict(r) for r in conn.execute(select(region_t)).mappings()]
        sectors = [dict(r) for r in conn.execute(select(sector_t)).mappings()]
        metrics = [dict(r) for r in conn.execute(select(metric_t)).mappings()]
    if not (regions or sectors or metrics):
        d = _taxonomy_dir()
        if d is not None:
            regions = _yaml_list(d / "regions.yaml")
            sectors = _yaml_list(d / "sectors.yaml")
            metrics = _yaml_list(d / "metrics.yaml")
    for r in regions:
        name = str(r["name"])
        names.regions[name] = {"en": name, "zh": r.get("zh")}
    for s in sectors:
        names.sectors[str(s["code"])] = {"en": s.get("en"), "zh": s.get("zh")}
    for m in metrics:
        names.metrics[str(m["code"])] = {"en": m.get("en"), "zh": m.get("zh")}
    return names


def _alias_map(kind: str, names: Names, conn: Connection | None, tables: set[str]) -> dict[str, str]:
    """Every accepted spelling (lower-cased) -> the canonical code, for one filter kind."""
    out: dict[str, str] = {}
    table = {"region": names.regions, "sector": names.sectors, "metric": names.metrics}[kind]
    for code, row in table.items():
        for spelling in (code, row.get("en"), row.get("zh")):
            if spelling:
                out.setdefault(str(spelling).lower(), code)
    if kind == "region" and conn is not None and "dim_region" in tables:
        for name, zh_hant, al in conn.execute(select(region_t.c.name, region_t.c.zh_hant, region_t.c.aliases)):
            for spelling in [zh_hant, *(al or [])]:
                if spelling:
                    out.setdefault(str(spelling).lower(), name)
    if conn is not None and "fact_indicator" in tables:
        col = {"region": fact_t.c.region, "sector": fact_t.c.sector, "metric": fact_t.c.metric}[kind]
        for (code,) in conn.execute(select(col).where(col.is_not(None)).distinct()):
            out.setdefault(str(code).lower(), str(code))
    return out


def resolve(kind: str, value: str | None, spellings: dict[str, str]) -> str | None:
    """The canonical code for a filter value, or InputError naming the nearest known names."""
    if value is None:
        return None
    v = value.strip()
    hit = spellings.get(v.lower())
    if hit is not None:
        return hit
    codes = sorted(set(spellings.values()))
    close = difflib.get_close_matches(v, codes, n=3, cutoff=0.5)
    if not close:
        by_spelling = difflib.get_close_matches(v.lower(), list(spellings), n=3, cutoff=0.5)
        close = list(dict.fromkeys(spellings[s] for s in by_spelling))
    hint = f"; did you mean {', '.join(close)}?" if close else "; see config/taxonomy for the names"
    raise InputError(f"unknown --{kind} {value!r}{hint}")


# ---------------------------------------------------------------- consolidated facts


def _consensus_rows(conn: Connection, f: Filters) -> list[dict[str, Any]]:
    q = _where(select(consensus_t), consensus_t, f)
    return [dict(r) for r in conn.execute(q).mappings()]


def _fact_rows(conn: Connection, f: Filters, *, keys: Sequence[str] | None = None) -> list[dict[str, Any]]:
    cols = [
        fact_t.c.fact_key,
        fact_t.c.region,
        fact_t.c.sector,
        fact_t.c.metric,
        fact_t.c.measure,
        fact_t.c.unit,
        fact_t.c.period,
        fact_t.c.period_start,
        fact_t.c.period_end,
        fact_t.c.kind,
        fact_t.c.bound,
        fact_t.c.value,
        fact_t.c.quote,
        fact_t.c.article_id,
        article_t.c.source,
        article_t.c.published,
        article_t.c.url,
        article_t.c.canonical_url,
        article_t.c.title,
        article_t.c.dup_group,
    ]
    base = select(*cols).join(article_t, article_t.c.id == fact_t.c.article_id).where(fact_t.c.metric.is_not(None))
    base = _where(base, fact_t, f).order_by(fact_t.c.fact_key, article_t.c.published.desc(), fact_t.c.id)
    if keys is None:
        return [dict(r) for r in conn.execute(base).mappings()]
    out: list[dict[str, Any]] = []
    wanted = list(dict.fromkeys(keys))
    for i in range(0, len(wanted), _CHUNK):
        out.extend(dict(r) for r in conn.execute(base.where(fact_t.c.fact_key.in_(wanted[i : i + _CHUNK]))).mappings())
    return out


def _finite(v: Any) -> bool:
    return v is not None and math.isfinite(float(v))


def _to_fact(r: dict[str, Any]) -> Fact:
    return Fact(
        fact_key=r["fact_key"],
        region=r["region"],
        sector=r["sector"],
        metric=r["metric"],
        measure=r["measure"],
        unit=r["unit"],
        period=r["period"],
        period_start=r["period_start"],
        period_end=r["period_end"],
        kind=r["kind"],
        bound_class=r.get("bound_class") or "point",
        value=float(r["value"]),
        n_sources=int(r.get("n_sources") or 0),
        n_articles=int(r.get("n_articles") or 0),
        conflict=bool(r.get("conflict")),
        values=list(r.get("values") or []),
        first_seen=r.get("first_seen"),
        last_seen=r.get("last_seen"),
        subject=(r["fact_key"].rsplit("|", 1)[-1] or None) if r["metric"] == "count" else None,
    )


def _attach_quotes(facts: list[Fact], rows: Iterable[dict[str, Any]]) -> None:
    by_key: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        by_key[r["fact_key"]].append(r)
    for fact in facts:
        items = by_key.get(fact.fact_key, [])
        fact.sources = sorted({r["source"] for r in items if r.get("source")})
        seen: set[tuple[str, str | None]] = set()
        for r in items:
            url = r.get("canonical_url") or r.get("url")
            ident = (r["quote"], url)
            if ident in seen:
                continue
            seen.add(ident)
            fact.quotes.append(
                Quote(
                    source=r.get("source"),
                    url=url,
                    title=r.get("title"),
                    published=r.get("published"),
                    quote=r["quote"],
                    value=float(r["value"]),
                    unit=r["unit"],
                    bound=r["bound"],
                )
            )
            if len(fact.quotes) >= MAX_QUOTES:
                break


def _rank(f: Fact) -> tuple[int, int, int]:
    return (-f.n_sources, -f.n_articles, -(f.period_end or dt.date.min).toordinal())


# ---------------------------------------------------------------- pipeline health


def _day(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)[:10]


def read_health(conn: Connection, tables: set[str]) -> Health:
    h = Health()
    if "article" in tables:
        # The UTC day of the load (SQLite stores the UTC wall time; PostgreSQL converts from timestamptz).
        day = (
            func.date(article_t.c.loaded_at)
            if conn.dialect.name == "sqlite"
            else func.date(func.timezone("UTC", article_t.c.loaded_at))
        )
        art: Counter[tuple[str, str]] = Counter()
        ind: Counter[tuple[str, str]] = Counter()
        q = select(day.label("day"), article_t.c.source, func.count(), func.coalesce(func.sum(article_t.c.n_indicators), 0)).group_by(
            day, article_t.c.source
        )
        for d, source, n, n_ind in conn.execute(q):
            key = (_day(d) or "", source or "(none)")
            art[key] += int(n)
            ind[key] += int(n_ind)
        h.articles_per_day = [{"day": d, "source": s, "n": n} for (d, s), n in sorted(art.items())]
        h.indicators_per_day = [{"day": d, "source": s, "n": n} for (d, s), n in sorted(ind.items())]
    if "fetch_log" in tables:
        failed = (fetch_t.c.error.is_not(None)) | (fetch_t.c.status.is_(None)) | (fetch_t.c.status >= 400)
        q2 = select(
            fetch_t.c.source,
            func.count().label("requests"),
            func.sum(case((failed, 1), else_=0)).label("failures"),
            func.max(fetch_t.c.requested_at).label("last"),
        ).group_by(fetch_t.c.source)
        rows = {(r.source or "(none)"): dict(r._mapping) for r in conn.execute(q2)}
        last_err = (
            select(fetch_t.c.source, fetch_t.c.error, fetch_t.c.status, fetch_t.c.url, fetch_t.c.requested_at)
            .where(failed)
            .order_by(fetch_t.c.requested_at.desc())
            .limit(2000)
        )
        errors: dict[str, str] = {}
        for source, error, status, url, _ in conn.execute(last_err):
            errors.setdefault(source or "(none)", f"{error or f'HTTP {status}'} ({url})")
        h.fetch_per_source = [
            {
                "source": s,
                "requests": int(r["requests"] or 0),
                "failures": int(r["failures"] or 0),
                "last_request": _day(r["last"]),
                "last_error": errors.get(s),
            }
            for s, r in sorted(rows.items())
        ]
    if "partition_ledger" in tables:
        q3 = select(ledger_t).order_by(ledger_t.c.source, ledger_t.c.window_start, ledger_t.c.window_end)
        by_source: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for lr in conn.execute(q3).mappings():
            by_source[lr["source"]].append(dict(lr))
        for source, items in by_source.items():
            statuses = Counter(r["status"] for r in items)
            h.ledger_summary.append({"source": source, "partitions": len(items), **dict(statuses)})
            covered_to: dt.date | None = None
            for r in items:
                if r["status"] in ("failed", "quarantined", "pending", "running"):
                    h.ledger_problems.append(
                        {
                            "source": source,
                            "window_start": r["window_start"],
                            "window_end": r["window_end"],
                            "status": r["status"],
                            "attempts": r["attempts"],
                            "error": r["error"],
                        }
                    )
                ws, we = r["window_start"], r["window_end"]
                if covered_to is not None and ws > covered_to + dt.timedelta(days=1):
                    h.ledger_gaps.append(
                        {"source": source, "gap_start": covered_to + dt.timedelta(days=1), "gap_end": ws - dt.timedelta(days=1)}
                    )
                covered_to = we if covered_to is None else max(covered_to, we)
    return h


# ---------------------------------------------------------------- entry point


def load_report_data(
    url: str, *, region: str | None = None, sector: str | None = None, metric: str | None = None
) -> ReportData:
    """Everything the report shows; unknown filters raise InputError with the nearest names."""
    engine = make_engine(url, readonly=True)
    try:
        try:
            connection = engine.connect()
        except OperationalError as e:  # unreachable server, missing file: one line, no traceback
            raise WarehouseError(f"cannot connect to warehouse {redact(url)}: {_first_line(e)}") from e
        with connection as conn:
            conn.info["ccetl_read"] = True
            tables = set(inspect(conn).get_table_names())
            names = read_names(conn, tables)
            f = Filters(
                region=resolve("region", region, _alias_map("region", names, conn, tables)),
                sector=resolve("sector", sector, _alias_map("sector", names, conn, tables)),
                metric=resolve("metric", metric, _alias_map("metric", names, conn, tables)),
            )
            if not {"article", "fact_indicator"} <= tables:
                return ReportData(filters=f, names=names, facts=[], comparison=[], health=Health())
            n_articles = int(conn.execute(select(func.count()).select_from(article_t)).scalar_one())
            n_fact_rows = int(conn.execute(select(func.count()).select_from(fact_t)).scalar_one())
            n_consensus = (
                int(conn.execute(select(func.count()).select_from(consensus_t)).scalar_one())
                if "indicator_consensus" in tables
                else 0
            )
            consolidated = "indicator_consensus" in tables and not consensus_stale(conn)
            comp_f = Filters(None, f.sector, f.metric)
            if consolidated:
                all_rows = _consensus_rows(conn, f)
                comp_rows = _consensus_rows(conn, comp_f) if f.region else all_rows
            else:
                # Read-only: consolidate in memory with the warehouse's own algorithm.
                all_rows = build_consensus(_fact_rows(conn, f))
                comp_rows = build_consensus(_fact_rows(conn, comp_f)) if f.region else all_rows
            facts = [_to_fact(r) for r in all_rows if _finite(r["value"])]
            facts.sort(key=_rank)
            truncated = max(len(facts) - MAX_FACT_ROWS, 0)
            shown = facts[:MAX_FACT_ROWS]
            _attach_quotes(shown, _fact_rows(conn, f, keys=[x.fact_key for x in shown]))
            health = read_health(conn, tables)
            conn.rollback()
    finally:
        engine.dispose()
    comparison = [_to_fact(r) for r in comp_rows if _finite(r["value"])] if comp_rows is not all_rows else facts
    return ReportData(
        filters=f,
        names=names,
        facts=facts,
        comparison=comparison,
        health=health,
        n_articles=n_articles,
        n_fact_rows=n_fact_rows,
        n_consensus=n_consensus,
        consolidated=consolidated,
        truncated=truncated,
    )

