"""The warehouse: idempotent, atomic loads into SQLite or PostgreSQL.

Every write is an ``INSERT ... ON CONFLICT`` on a natural key, so loading the
same thing twice changes nothing and two loaders running at once never
duplicate a row. An article and its facts are written in one transaction.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import threading
import time
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, Table, create_engine, delete, event, func, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, OperationalError, SQLAlchemyError
from sqlalchemy.pool import StaticPool

import ccetl
from ccetl.errors import WarehouseError
from ccetl.load import schema as S
from ccetl.load.periods import period_bounds
from ccetl.load.taxonomy import load_taxonomy, taxonomy_digest
from ccetl.models import Article, FetchLog, Indicator, RawPage

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
T = TypeVar("T")
_CHUNK = 500  # rows per IN (...) list / multi-row VALUES

article_t: Table = S.ArticleRow.__table__  # type: ignore[assignment]
fact_t: Table = S.FactIndicator.__table__  # type: ignore[assignment]
run_t: Table = S.LoadRun.__table__  # type: ignore[assignment]
fetch_t: Table = S.FetchLogRow.__table__  # type: ignore[assignment]
raw_t: Table = S.RawPageRow.__table__  # type: ignore[assignment]
source_t: Table = S.Source.__table__  # type: ignore[assignment]
validator_t: Table = S.HttpValidator.__table__  # type: ignore[assignment]
ledger_t: Table = S.PartitionLedger.__table__  # type: ignore[assignment]
meta_t: Table = S.WarehouseMeta.__table__  # type: ignore[assignment]
consensus_t: Table = S.IndicatorConsensus.__table__  # type: ignore[assignment]

_FACT_COLS = [c.name for c in fact_t.columns if c.name != "id"]
assert _FACT_COLS == [
    "article_id",
    "ordinal",
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
    "fact_key",
    "source",
    "published",
    "extractor_version",
    "run_id",
], "fact row tuples in _load_batch follow this order"

_CONSENSUS_COLS = [c.name for c in consensus_t.columns]


def _sqlite_consensus_rows(rows: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    """Consensus rows as SQLAlchemy's SQLite types store them (ISO dates, JSON text, 0/1)."""
    cols = _CONSENSUS_COLS
    dates = [i for i, c in enumerate(cols) if c in ("period_start", "period_end", "first_seen", "last_seen")]
    iv, ic, iu = cols.index("values"), cols.index("conflict"), cols.index("updated_at")
    stamps: dict[Any, str] = {}
    out: list[tuple[Any, ...]] = []
    for r in rows:
        t = [r[c] for c in cols]
        for i in dates:
            if t[i] is not None:
                t[i] = t[i].isoformat()
        t[iv] = json.dumps(t[iv])
        t[ic] = int(bool(t[ic]))
        u = t[iu]
        if u not in stamps:
            stamps[u] = u.replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")
        t[iu] = stamps[u]
        out.append(tuple(t))
    return out


# (url, taxonomy digest) pairs known to be loaded in this process: skips re-checking on every Warehouse().
_SYNCED: set[tuple[str, str]] = set()

BOUND_CLASS = {"eq": "point", "approx": "point", "gt": "lower", "ge": "lower", "lt": "upper", "le": "upper"}


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _chunks(items: Sequence[T], n: int = _CHUNK) -> Iterator[Sequence[T]]:
    for i in range(0, len(items), n):
        yield items[i : i + n]


def redact(url: str) -> str:
    """The URL with any password replaced by ***, also for strings SQLAlchemy cannot parse."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        # user:password@ after the scheme, or at the start when the scheme is missing
        return re.sub(r"^((?:[^:/@]*://)?[^:/@]*:)[^@]*@", r"\1***@", url)


def _first_line(e: BaseException, secret: str | None = None) -> str:
    orig = getattr(e, "orig", None) or e
    msg = str(orig).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__
    if secret:
        msg = msg.replace(secret, "***")
    return msg[:300]


def normalize_url(url: str) -> URL:
    """Parse a warehouse URL; postgres:// and postgresql:// use the psycopg (3) driver."""
    try:
        u = make_url(url)
    except (ArgumentError, ValueError) as e:
        raise WarehouseError(
            f"bad warehouse URL {redact(url)!r}: expected sqlite:///PATH or postgresql://USER@HOST/DB"
        ) from e
    if u.drivername in ("postgres", "postgresql", "postgresql+psycopg2"):
        u = u.set(drivername="postgresql+psycopg")
    if u.get_backend_name() not in ("sqlite", "postgresql"):
        raise WarehouseError(f"unsupported warehouse URL {redact(url)!r}: use sqlite:/// or postgresql://")
    return u


def fact_key(ind: Indicator) -> str:
    """The consensus grouping key: region, sector, metric, measure, unit, period, kind, bound class.

    For ``metric: count`` the (lower-cased) subject is part of the key, since
    different things counted are different facts.
    """
    subject = (ind.subject or "").strip().lower() if ind.metric == "count" else ""
    return (
        f"{ind.region or ''}|{ind.sector or ''}|{ind.metric or ''}|{ind.measure}|{ind.unit}|"
        f"{ind.period or ''}|{ind.kind}|{BOUND_CLASS.get(ind.bound, 'point')}|{subject}"
    )


def article_key(a: Article) -> str:
    return a.canonical_url or a.url or a.doc


class LoadItem(NamedTuple):
    """One article to load, with its records; raw_hash links it to raw_page, dup_group to its near-duplicates."""

    article: Article
    indicators: Sequence[Indicator]
    raw_hash: str | None = None
    dup_group: str | None = None


@dataclass
class LoadStats:
    articles_new: int = 0
    articles_updated: int = 0
    articles_unchanged: int = 0
    facts_inserted: int = 0
    facts_deleted: int = 0
    errors: list[str] = field(default_factory=list)

    def __iadd__(self, other: LoadStats) -> LoadStats:
        self.articles_new += other.articles_new
        self.articles_updated += other.articles_updated
        self.articles_unchanged += other.articles_unchanged
        self.facts_inserted += other.facts_inserted
        self.facts_deleted += other.facts_deleted
        self.errors.extend(other.errors)
        return self

    @property
    def changed(self) -> bool:
        """True if any article was inserted or its facts replaced."""
        return bool(self.articles_new or self.articles_updated)

    @property
    def indicators(self) -> int:
        """Fact rows written."""
        return self.facts_inserted

    def as_dict(self) -> dict[str, Any]:
        return {
            "articles_new": self.articles_new,
            "articles_updated": self.articles_updated,
            "articles_unchanged": self.articles_unchanged,
            "facts_inserted": self.facts_inserted,
            "facts_deleted": self.facts_deleted,
            "errors": len(self.errors),
        }


@dataclass(frozen=True)
class LedgerEntry:
    source: str
    window_start: dt.date
    window_end: dt.date
    status: str
    counts: dict[str, Any] | None
    code_version: str | None
    error: str | None
    run_id: int | None
    attempts: int
    updated_at: dt.datetime


def _sqlite_engine(u: URL, *, readonly: bool, busy_timeout_s: float) -> Engine:
    db = u.database or ""
    memory = db in ("", ":memory:")
    if not memory and not readonly and not db.startswith("file:"):
        try:
            Path(db).expanduser().parent.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise WarehouseError(f"cannot create the warehouse folder for {db}: {e.strerror}") from e
    kwargs: dict[str, Any] = {"connect_args": {"timeout": busy_timeout_s, "check_same_thread": False}}
    if memory:
        kwargs["poolclass"] = StaticPool
    if readonly and not memory:
        path = Path(db).expanduser().resolve()
        if not path.is_file():
            raise WarehouseError(f"no warehouse at {path}: run `ccetl db upgrade` or load something first")
        u = u.set(database=f"file:{path}?mode=ro", query={"uri": "true"})
    engine = create_engine(u, **kwargs)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _rec: Any) -> None:
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {int(busy_timeout_s * 1000)}")
        if not memory and not readonly:
            cur.execute("PRAGMA journal_mode = WAL")
            cur.execute("PRAGMA synchronous = NORMAL")
        cur.execute("PRAGMA cache_size = -65536")  # 64 MiB: bulk loads into large indexes stay in memory
        cur.execute("PRAGMA foreign_keys = ON")
        if readonly:
            cur.execute("PRAGMA query_only = ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # Writers take the write lock up front: no deadlocks on lock upgrade, a clear wait instead.
        conn.exec_driver_sql("BEGIN" if readonly or conn.info.get("ccetl_read") else "BEGIN IMMEDIATE")

    return engine


def make_engine(url: str, *, readonly: bool = False, busy_timeout_s: float = 30.0) -> Engine:
    u = normalize_url(url)
    try:
        if u.get_backend_name() == "sqlite":
            return _sqlite_engine(u, readonly=readonly, busy_timeout_s=busy_timeout_s)
        connect_args: dict[str, Any] = {"connect_timeout": 10}
        if readonly:
            opts = u.query.get("options")
            base = (opts if isinstance(opts, str) else " ".join(opts or ())) + " "
            connect_args["options"] = (base + "-c default_transaction_read_only=on").strip()
            u = u.difference_update_query(["options"])
        return create_engine(u, pool_pre_ping=True, connect_args=connect_args)
    except (NoSuchModuleError, ArgumentError) as e:
        raise WarehouseError(f"cannot open warehouse {redact(url)}: {_first_line(e)}") from e


class Warehouse:
    """A connection to the ccetl warehouse at ``url`` (SQLite file or PostgreSQL database).

    The schema is upgraded automatically on first use (see :meth:`upgrade`).
    """

    def __init__(self, url: str, *, taxonomy_dir: Path | None = None, busy_timeout_s: float = 30.0) -> None:
        self.url = url
        self.safe_url = redact(url)
        self._password = normalize_url(url).password
        self.engine = make_engine(url, busy_timeout_s=busy_timeout_s)
        self.dialect = self.engine.dialect.name
        self._insert: Callable[..., Any] = (
            postgresql.insert if self.dialect == "postgresql" else sqlite.insert
        )
        self._taxonomy_dir = taxonomy_dir
        self._busy_timeout_s = busy_timeout_s
        self._article_stmt: Any = None
        self._fact_sql: str | None = None
        self._consensus_sql: str | None = None
        self._ready = False
        self._lock = threading.Lock()
        try:
            with _ReadConn(self.engine) as conn:
                conn.exec_driver_sql("SELECT 1")
        except DBAPIError as e:
            self.engine.dispose()
            raise WarehouseError(
                f"cannot connect to warehouse {self.safe_url}: {_first_line(e, self._password)}"
            ) from e

    # ------------------------------------------------------------------ plumbing
    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Warehouse:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _fail(self, what: str, e: BaseException) -> WarehouseError:
        msg = _first_line(e, self._password)
        if "locked" in msg and self.dialect == "sqlite":
            msg += f" (another process kept the write lock longer than the {self._busy_timeout_s:g} s busy timeout)"
        return WarehouseError(f"{what} failed on {self.safe_url}: {msg}")

    def _write(self) -> Any:
        """A transaction on a write connection (BEGIN IMMEDIATE on SQLite)."""
        self._ensure()
        return self.engine.begin()

    def _read(self) -> Any:
        self._ensure()
        return _ReadConn(self.engine)

    def _alembic_config(self, conn: Connection) -> Config:
        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
        cfg.attributes["connection"] = conn
        return cfg

    @staticmethod
    def head_revision() -> str:
        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
        head = ScriptDirectory.from_config(cfg).get_current_head()
        assert head is not None
        return head

    def current_revision(self) -> str | None:
        try:
            with _ReadConn(self.engine) as conn:
                return MigrationContext.configure(conn).get_current_revision()
        except DBAPIError as e:
            raise self._fail("reading the schema revision", e) from e

    def _ensure(self) -> None:
        if self._ready:
            return
        with self._lock:
            if self._ready:
                return
            rev = self.current_revision()
            head = self.head_revision()
            if rev != head:
                self._check_known(rev, head)
                self.upgrade()
            else:
                self._sync_taxonomy()
            self._ready = True

    def _check_known(self, rev: str | None, head: str) -> None:
        if rev is None:
            return
        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
        known = {s.revision for s in ScriptDirectory.from_config(cfg).walk_revisions()}
        if rev not in known:
            raise WarehouseError(
                f"warehouse {self.safe_url} is at schema revision {rev}, newer than this ccetl "
                f"(head {head}): upgrade ccetl (pip install -U ccetl) or point --db elsewhere"
            )

    def upgrade(self) -> str:
        """Migrate the schema to the newest revision and (re)load the taxonomy dimensions; returns the revision."""
        head = self.head_revision()
        rev: str | None = None
        try:
            rev = self.current_revision()
            self._check_known(rev, head)
            with self.engine.begin() as conn:
                if self.dialect == "postgresql":
                    # One migrator at a time; the others wait here, then find nothing to do.
                    conn.execute(select(func.pg_advisory_xact_lock(0x63636574)))
                command.upgrade(self._alembic_config(conn), "head")
        except WarehouseError:
            raise
        except (SQLAlchemyError, Exception) as e:  # noqa: BLE001 - one clear line for any migration failure
            raise WarehouseError(
                f"cannot migrate warehouse {self.safe_url} from revision {rev or 'none'} to {head} "
                f"({_first_line(e, self._password)}); back it up, then run `ccetl db upgrade --db URL` "
                "or start a new warehouse file"
            ) from e
        self._sync_taxonomy(force=True)
        self._ready = True
        return head

    def _sync_taxonomy(self, force: bool = False) -> None:
        from ccetl.settings import get_settings

        directory = self._taxonomy_dir
        if directory is None:
            try:
                settings = get_settings()
                directory = settings.path(settings.taxonomy_dir)
            except Exception:  # noqa: BLE001 - no settings: no dimensions to load
                return
        if not directory.is_dir():
            return
        digest = taxonomy_digest(directory)
        if not force and (self.url, digest) in _SYNCED:
            return
        try:
            with _ReadConn(self.engine) as rconn:
                current = rconn.execute(
                    select(meta_t.c.value).where(meta_t.c.key == "taxonomy_sha256")
                ).scalar()
            if current == digest and not force:
                _SYNCED.add((self.url, digest))
                return
            tax = load_taxonomy(directory)
            with self.engine.begin() as conn:
                dims: list[tuple[Any, list[dict[str, Any]]]] = [
                    (S.DimRegion.__table__, tax.regions),
                    (S.DimRegionClosure.__table__, tax.region_closure),
                    (S.DimSector.__table__, tax.sectors),
                    (S.DimSectorClosure.__table__, tax.sector_closure),
                    (S.DimMetric.__table__, tax.metrics),
                ]
                for table, rows in dims:
                    conn.execute(delete(table))
                    if rows:
                        conn.execute(table.insert(), rows)
                self._upsert(
                    conn, meta_t, [{"key": "taxonomy_sha256", "value": tax.digest}], ["key"], ["value"]
                )
        except DBAPIError as e:
            raise self._fail("loading the taxonomy dimensions", e) from e
        _SYNCED.add((self.url, tax.digest))

    def _upsert(
        self,
        conn: Connection,
        table: Table,
        rows: Sequence[dict[str, Any]],
        keys: Sequence[str],
        update: Sequence[str] | None,
    ) -> None:
        """INSERT ... ON CONFLICT (keys) DO UPDATE SET update (or DO NOTHING when update is None/empty)."""
        for chunk in _chunks(rows, 200):
            stmt = self._insert(table).values(list(chunk))
            if update:
                stmt = stmt.on_conflict_do_update(
                    index_elements=list(keys), set_={c: stmt.excluded[c] for c in update}
                )
            else:
                stmt = stmt.on_conflict_do_nothing(index_elements=list(keys))
            conn.execute(stmt)

    # ------------------------------------------------------------------ runs
    def begin_run(
        self,
        flow: str,
        window: tuple[dt.date, dt.date] | None = None,
        params: dict[str, Any] | None = None,
    ) -> int:
        """Record the start of a run; returns its id (the load_run row)."""
        try:
            with self._write() as conn:
                run_id = conn.execute(
                    run_t.insert()
                    .values(
                        flow=flow,
                        started_at=_now(),
                        status="running",
                        window_start=window[0] if window else None,
                        window_end=window[1] if window else None,
                        params=params,
                        code_version=ccetl.__version__,
                    )
                    .returning(run_t.c.id)
                ).scalar_one()
                return int(run_id)
        except DBAPIError as e:
            raise self._fail("begin_run", e) from e

    def finish_run(self, run_id: int, status: str, counts: dict[str, Any] | None = None) -> None:
        try:
            with self._write() as conn:
                conn.execute(
                    run_t.update()
                    .where(run_t.c.id == run_id)
                    .values(finished_at=_now(), status=status, counts=counts)
                )
        except DBAPIError as e:
            raise self._fail("finish_run", e) from e

    def runs(self, limit: int = 20) -> list[dict[str, Any]]:
        with self._read() as conn:
            rows = conn.execute(select(run_t).order_by(run_t.c.id.desc()).limit(limit)).mappings().all()
        return [dict(r) for r in rows]

    # ------------------------------------------------------------------ sources, fetch log, validators
    def upsert_sources(self, sources: Iterable[tuple[str, str | None, str | None]]) -> int:
        rows = {
            name: {"name": name, "kind": kind, "url": url, "updated_at": _now()}
            for name, kind, url in sources
        }
        if not rows:
            return 0
        try:
            with self._write() as conn:
                self._upsert(conn, source_t, list(rows.values()), ["name"], ["kind", "url", "updated_at"])
        except DBAPIError as e:
            raise self._fail("upsert_sources", e) from e
        return len(rows)

    def log_fetches(self, run_id: int | None, logs: Iterable[FetchLog]) -> int:
        """Append fetch-log rows; a (url, requested_at) already logged is not logged again."""
        rows = {
            (log.url, log.requested_at): {
                "run_id": run_id,
                "url": log.url,
                "requested_at": log.requested_at,
                "status": log.status,
                "bytes": log.bytes,
                "duration_ms": log.duration_ms,
                "error": log.error,
                "source": log.source,
                "final_url": log.final_url,
                "etag": log.etag,
                "last_modified": log.last_modified,
                "not_modified": log.not_modified,
            }
            for log in logs
        }
        if not rows:
            return 0
        try:
            with self._write() as conn:
                self._upsert(conn, fetch_t, list(rows.values()), ["url", "requested_at"], None)
        except DBAPIError as e:
            raise self._fail("log_fetches", e) from e
        return len(rows)

    def validators(self, urls: Iterable[str] | None = None) -> dict[str, tuple[str | None, str | None]]:
        """Stored (etag, last_modified) per URL, for conditional GETs; URLs without any are left out.

        ``urls=None`` returns every stored validator.
        """
        out: dict[str, tuple[str | None, str | None]] = {}
        if urls is None:
            with self._read() as conn:
                q = select(validator_t.c.url, validator_t.c.etag, validator_t.c.last_modified)
                return {url: (etag, lm) for url, etag, lm in conn.execute(q)}
        wanted = list(dict.fromkeys(urls))
        with self._read() as conn:
            for chunk in _chunks(wanted):
                for url, etag, lm in conn.execute(
                    select(validator_t.c.url, validator_t.c.etag, validator_t.c.last_modified).where(
                        validator_t.c.url.in_(list(chunk))
                    )
                ):
                    out[url] = (etag, lm)
        return out

    def save_validators(self, logs: Iterable[FetchLog]) -> int:
        """Keep ETag/Last-Modified of successful answers (200, or a 304 that names them)."""
        rows: dict[str, dict[str, Any]] = {}
        for log in logs:
            if not (log.etag or log.last_modified):
                continue
            if log.status == 200 or log.not_modified or log.status == 304:
                rows[log.url] = {
                    "url": log.url,
                    "etag": log.etag,
                    "last_modified": log.last_modified,
                    "updated_at": _now(),
                }
        if not rows:
            return 0
        try:
            with self._write() as conn:
                self._upsert(
                    conn, validator_t, list(rows.values()), ["url"], ["etag", "last_modified", "updated_at"]
                )
        except DBAPIError as e:
            raise self._fail("save_validators", e) from e
        return len(rows)

    # ------------------------------------------------------------------ raw pages
    def store_raw_pages(self, pages: Iterable[RawPage]) -> list[str]:
        """Store pages content-addressed (sha256 of the body, zlib-compressed); returns the hashes in order."""
        hashes: list[str] = []
        rows: dict[str, dict[str, Any]] = {}
        for p in pages:
            h = hashlib.sha256(p.body).hexdigest()
            hashes.append(h)
            if h not in rows:
                rows[h] = {
                    "sha256": h,
                    "body": zlib.compress(p.body, 6),
                    "compression": "zlib",
                    "size": len(p.body),
                    "status": p.status,
                    "headers": dict(p.headers),
                    "url": p.url,
                    "final_url": p.final_url,
                    "source": p.source,
                    "fetched_at": p.fetched_at,
                    "hint_published": p.hint_published,
                    "hint_lang": p.hint_lang,
                }
        if rows:
            try:
                with self._write() as conn:
                    for chunk in _chunks(list(rows.values()), 50):
                        self._upsert(conn, raw_t, chunk, ["sha256"], None)
            except DBAPIError as e:
                raise self._fail("store_raw_pages", e) from e
        return hashes

    def raw_pages(
        self,
        *,
        source: str | None = None,
        since: dt.datetime | dt.date | None = None,
        until: dt.datetime | dt.date | None = None,
        hashes: Iterable[str] | None = None,
        batch: int = 100,
    ) -> Iterator[RawPage]:
        """Stored pages (decompressed) for reprocessing, oldest first; filters combine with AND.

        ``since``/``until`` bound ``fetched_at`` (until is exclusive). Reads in short
        transactions, so loading while iterating is fine.
        """
        conds: list[Any] = []
        if source is not None:
            conds.append(raw_t.c.source == source)
        if since is not None:
            conds.append(raw_t.c.fetched_at >= _as_dt(since))
        if until is not None:
            conds.append(raw_t.c.fetched_at < _as_dt(until))
        with self._read() as conn:
            if hashes is not None:
                wanted = list(dict.fromkeys(hashes))
                keys = []
                for chunk in _chunks(wanted):
                    keys.extend(
                        conn.execute(
                            select(raw_t.c.sha256).where(raw_t.c.sha256.in_(list(chunk)), *conds)
                        ).scalars()
                    )
                order = {h: i for i, h in enumerate(wanted)}
                keys.sort(key=order.__getitem__)
            else:
                keys = list(
                    conn.execute(
                        select(raw_t.c.sha256).where(*conds).order_by(raw_t.c.fetched_at, raw_t.c.sha256)
                    ).scalars()
                )
        for chunk in _chunks(keys, batch):
            with self._read() as conn:
                rows = {
                    r.sha256: r for r in conn.execute(select(raw_t).where(raw_t.c.sha256.in_(list(chunk))))
                }
            for h in chunk:
                r = rows.get(h)
                if r is None:
                    continue
                body = zlib.decompress(r.body) if r.compression == "zlib" else bytes(r.body)
                yield RawPage(
                    url=r.url,
                    body=body,
                    status=r.status,
                    headers=dict(r.headers or {}),
                    final_url=r.final_url,
                    fetched_at=r.fetched_at,
                    source=r.source,
                    hint_published=r.hint_published,
                    hint_lang=r.hint_lang,
                )

    # ------------------------------------------------------------------ articles and facts
    def load_article(
        self,
        run_id: int | None,
        article: Article,
        indicators: Sequence[Indicator],
        *,
        raw_hash: str | None = None,
        extractor_version: str,
        dup_group: str | None = None,
    ) -> LoadStats:
        """Upsert one article and replace its facts, in one transaction.

        Natural key: canonical URL, else URL, else doc. If the stored article has the
        same content hash and extractor version, nothing changes.
        """
        item = LoadItem(article, indicators, raw_hash, dup_group)
        try:
            return self._retrying(lambda conn: self._load_batch(conn, run_id, [item], extractor_version))
        except DBAPIError as e:
            raise self._fail(f"loading article {article_key(article)}", e) from e

    def load_articles(
        self,
        run_id: int | None,
        items: Iterable[LoadItem | tuple[Any, ...]],
        extractor_version: str,
        *,
        batch_size: int = 200,
    ) -> LoadStats:
        """Load many articles, ``batch_size`` per transaction (each article is all-or-nothing).

        Items are ``(article, indicators[, raw_hash[, dup_group]])``. If a batch fails,
        its articles are retried one by one; articles that still fail are listed in
        ``LoadStats.errors`` and the others are loaded. A lost connection raises WarehouseError.
        """
        stats = LoadStats()
        batch: list[LoadItem] = []

        def flush() -> None:
            if not batch:
                return
            try:
                stats.__iadd__(
                    self._retrying(lambda conn: self._load_batch(conn, run_id, batch, extractor_version))
                )
            except OperationalError as e:
                raise self._fail("load_articles", e) from e
            except (DBAPIError, ValueError, TypeError):
                for item in batch:
                    try:
                        with self._write() as conn:
                            stats.__iadd__(self._load_batch(conn, run_id, [item], extractor_version))
                    except OperationalError as e:
                        raise self._fail("load_articles", e) from e
                    except (DBAPIError, ValueError, TypeError) as e:
                        stats.errors.append(f"{article_key(item.article)}: {_first_line(e)}")
            batch.clear()

        for it in items:
            batch.append(it if isinstance(it, LoadItem) else LoadItem(*it))
            if len(batch) >= batch_size:
                flush()
        flush()
        return stats

    def _article_upsert(self) -> Any:
        if self._article_stmt is None:
            stmt = self._insert(article_t)
            ex = stmt.excluded
            cols = [c.name for c in article_t.columns if c.name not in ("id", "key")]
            self._article_stmt = stmt.on_conflict_do_update(
                index_elements=["key"],
                set_={c: ex[c] for c in cols},
                where=or_(
                    article_t.c.content_hash != ex.content_hash,
                    article_t.c.extractor_version != ex.extractor_version,
                ),
            ).returning(article_t.c.id, article_t.c.key)
        return self._article_stmt

    def _retrying(self, fn: Callable[[Connection], T], attempts: int = 3) -> T:
        """Run ``fn`` in a write transaction, again after a deadlock or serialization failure."""
        for i in range(attempts):
            try:
                with self._write() as conn:
                    return fn(conn)
            except OperationalError as e:
                code = getattr(getattr(e, "orig", None), "sqlstate", None)
                if code in ("40P01", "40001") and i + 1 < attempts:
                    time.sleep(0.05 * (i + 1))
                    continue
                raise
        raise AssertionError("unreachable")

    def _load_batch(
        self, conn: Connection, run_id: int | None, items: Sequence[LoadItem], extractor_version: str
    ) -> LoadStats:
        stats = LoadStats()
        now = _now()
        by_key: dict[str, LoadItem] = {}
        for item in items:
            by_key[article_key(item.article)] = item  # the last copy of a key wins
        keys = sorted(by_key)  # one lock order for every loader: no deadlocks between batches
        existing: dict[str, tuple[str, str]] = {}
        for kchunk in _chunks(keys):
            q = select(article_t.c.key, article_t.c.content_hash, article_t.c.extractor_version).where(
                article_t.c.key.in_(list(kchunk))
            )
            for k, h, v in conn.execute(q):
                existing[k] = (h, v)

        changed: dict[str, int] = {}
        rows = []
        for k in keys:
            a, inds, raw_hash, dup = by_key[k]
            chash = a.content_hash or hashlib.sha256(a.text.encode("utf-8")).hexdigest()
            if existing.get(k) == (chash, extractor_version):
                continue  # unchanged: nothing to write (the upsert below would skip it too)
            rows.append(
                {
                    "key": k,
                    "doc": a.doc,
                    "url": a.url,
                    "canonical_url": a.canonical_url,
                    "title": a.title,
                    "published": a.published,
                    "lang": a.lang,
                    "text": a.text,
                    "content_hash": chash,
                    "dup_group": dup or chash,
                    "source": a.source,
                    "raw_hash": raw_hash,
                    "extractor_version": extractor_version,
                    "n_indicators": len(inds),
                    "run_id": run_id,
                    "loaded_at": now,
                }
            )
        # One cached statement, executed for all rows (SQLAlchemy batches it as multi-row VALUES).
        # Unchanged articles (same content hash and extractor version) are not updated and return no row.
        if rows:
            for aid, k in conn.execute(self._article_upsert(), rows):
                changed[k] = int(aid)

        for k in keys:
            if k not in changed:
                stats.articles_unchanged += 1
            elif k in existing:
                stats.articles_updated += 1
            else:
                stats.articles_new += 1
        if not changed:
            return stats

        # Also for articles this transaction believes new: a concurrent loader may have inserted
        # the article (and its facts) after our `existing` check; the upsert then updated its row.
        stale = list(changed.values())
        for chunk in _chunks(stale):
            res = conn.execute(delete(fact_t).where(fact_t.c.article_id.in_(list(chunk))))
            stats.facts_deleted += max(res.rowcount or 0, 0)

        iso = self.dialect == "sqlite"  # SQLite stores dates as ISO strings (as SQLAlchemy's Date type does)
        bounds: dict[str | None, tuple[Any, Any]] = {}
        facts: list[tuple[Any, ...]] = []
        for k, aid in changed.items():
            a, inds, _, _ = by_key[k]
            published: Any = a.published.isoformat() if iso and a.published is not None else a.published
            for i, ind in enumerate(inds):
                pb = bounds.get(ind.period)
                if pb is None:
                    ps, pe = period_bounds(ind.period)
                    pb = bounds[ind.period] = (
                        (ps.isoformat() if ps else None, pe.isoformat() if pe else None) if iso else (ps, pe)
                    )
                # In _FACT_COLS order.
                facts.append(
                    (
                        aid,
                        i,
                        ind.doc,
                        float(ind.value),
                        ind.unit,
                        ind.measure,
                        ind.metric,
                        ind.subject,
                        ind.sector,
                        ind.region,
                        ind.period,
                        pb[0],
                        pb[1],
                        ind.kind,
                        ind.bound,
                        ind.quote,
                        ind.start,
                        ind.end,
                        None if ind.alt_value is None else float(ind.alt_value),
                        ind.alt_unit,
                        fact_key(ind),
                        a.source,
                        published,
                        extractor_version,
                        run_id,
                    )
                )
        if facts:
            self._insert_facts(conn, facts)
        stats.facts_inserted += len(facts)
        return stats

    def _insert_facts(self, conn: Connection, facts: list[tuple[Any, ...]]) -> None:
        """Bulk insert of rows in _FACT_COLS order: COPY on PostgreSQL, one prepared executemany
        on SQLite; both in the caller's transaction."""
        cols = _FACT_COLS
        if self.dialect == "postgresql":
            from psycopg import sql as pgsql

            copy = pgsql.SQL("COPY {} ({}) FROM STDIN").format(
                pgsql.Identifier(fact_t.name), pgsql.SQL(", ").join(pgsql.Identifier(c) for c in cols)
            )
            raw = conn.connection.driver_connection
            assert raw is not None
            with raw.cursor() as cur, cur.copy(copy) as cp:
                for row in facts:
                    cp.write_row(row)
            return
        if self.dialect == "sqlite":
            # The statement text comes from SQLAlchemy's compiler, not from string building.
            if self._fact_sql is None:
                self._fact_sql = str(
                    fact_t.insert().values({c: None for c in cols}).compile(dialect=conn.dialect)
                )
            conn.exec_driver_sql(self._fact_sql, facts)
            return
        conn.execute(
            fact_t.insert(), [dict(zip(cols, row, strict=True)) for row in facts]
        )  # pragma: no cover

    def ledger_set(
        self,
        source: str,
        window: tuple[dt.date, dt.date],
        status: str,
        counts: dict[str, Any] | None = None,
        code_version: str | None = None,
        error: str | None = None,
        *,
        run_id: int | None = None,
    ) -> None:
        """Record the state of the partition (source, window); ``running`` counts an attempt."""
        if status not in S.LEDGER_STATUSES:
            raise WarehouseError(
                f"unknown partition status {status!r}: use one of {', '.join(S.LEDGER_STATUSES)}"
            )
        row = {
            "source": source,
            "window_start": window[0],
            "window_end": window[1],
            "status": status,
            "counts": counts,
            "code_version": code_version or ccetl.__version__,
            "error": error,
            "run_id": run_id,
            "attempts": 1 if status == "running" else 0,
            "updated_at": _now(),
        }
        stmt = self._insert(ledger_t).values(row)
        ex = stmt.excluded
        set_: dict[str, Any] = {c: ex[c] for c in ("status", "code_version", "error", "updated_at")}
        set_["counts"] = func.coalesce(ex.counts, ledger_t.c.counts) if counts is None else ex.counts
        set_["run_id"] = func.coalesce(ex.run_id, ledger_t.c.run_id)
        set_["attempts"] = ledger_t.c.attempts + ex.attempts
        stmt = stmt.on_conflict_do_update(index_elements=["source", "window_start", "window_end"], set_=set_)
        try:
            with self._write() as conn:
                conn.execute(stmt)
        except DBAPIError as e:
            raise self._fail("ledger_set", e) from e

    def ledger(
        self,
        source: str | None = None,
        status: str | None = None,
        *,
        since: dt.date | None = None,
        until: dt.date | None = None,
    ) -> list[LedgerEntry]:
        """Partitions, ordered by source and window; ``since``/``until`` bound window_start (inclusive)."""
        q = select(ledger_t)
        if source is not None:
            q = q.where(ledger_t.c.source == source)
        if status is not None:
            q = q.where(ledger_t.c.status == status)
        if since is not None:
            q = q.where(ledger_t.c.window_start >= since)
        if until is not None:
            q = q.where(ledger_t.c.window_start <= until)
        q = q.order_by(ledger_t.c.source, ledger_t.c.window_start, ledger_t.c.window_end)
        with self._read() as conn:
            return [LedgerEntry(**dict(r)) for r in conn.execute(q).mappings()]

    def watermark(self, source: str) -> dt.date | None:
        """The end of the last window of ``source`` such that it and every earlier window succeeded."""
        with self._read() as conn:
            bad = conn.execute(
                select(func.min(ledger_t.c.window_start)).where(
                    ledger_t.c.source == source, ledger_t.c.status != "success"
                )
            ).scalar()
            q = select(func.max(ledger_t.c.window_end)).where(
                ledger_t.c.source == source, ledger_t.c.status == "success"
            )
            if bad is not None:
                q = q.where(ledger_t.c.window_end <= bad)
            return conn.execute(q).scalar()

    # ------------------------------------------------------------------ consolidation and stats
    def consolidate(self, *, rel_tol: float | None = None) -> int:
        """Rebuild indicator_consensus from fact_indicator (one transaction); returns its row count."""
        from ccetl.load.consensus import build_consensus, iter_groups

        cols = [
            fact_t.c.id,
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
            article_t.c.source,
            article_t.c.dup_group,
            article_t.c.published,
            article_t.c.id.label("article_id"),
        ]
        try:
            # Stamped before reading: a load committed meanwhile leaves the result stale, not falsely current.
            now = _now()
            with self._write() as conn:
                q = (
                    select(*cols)
                    .join(article_t, article_t.c.id == fact_t.c.article_id)
                    .where(fact_t.c.metric.is_not(None))
                    .order_by(fact_t.c.fact_key)
                )
                conn.execute(delete(consensus_t))
                # Streamed group by group (memory stays bounded), written in batches.
                res = conn.execute(q.execution_options(stream_results=True, yield_per=10_000))
                names = list(res.keys())
                n = 0
                buf: list[dict[str, Any]] = []
                for group in iter_groups(dict(zip(names, r, strict=True)) for r in res):
                    row = build_consensus(group, rel_tol=rel_tol)[0]
                    row["updated_at"] = now
                    buf.append(row)
                    if len(buf) >= 5000:
                        self._insert_consensus(conn, buf)
                        n += len(buf)
                        buf.clear()
                if buf:
                    self._insert_consensus(conn, buf)
                    n += len(buf)
                return n
        except DBAPIError as e:
            raise self._fail("consolidate", e) from e

    def _insert_consensus(self, conn: Connection, rows: list[dict[str, Any]]) -> None:
        """Bulk insert into indicator_consensus (COPY on PostgreSQL, prepared executemany on SQLite)."""
        cols = _CONSENSUS_COLS
        if self.dialect == "postgresql":
            from psycopg import sql as pgsql

            copy = pgsql.SQL("COPY {} ({}) FROM STDIN").format(
                pgsql.Identifier(consensus_t.name), pgsql.SQL(", ").join(pgsql.Identifier(c) for c in cols)
            )
            raw = conn.connection.driver_connection
            assert raw is not None
            with raw.cursor() as cur, cur.copy(copy) as cp:
                for r in rows:
                    cp.write_row(tuple(json.dumps(r[c]) if c == "values" else r[c] for c in cols))
            return
        if self.dialect == "sqlite":
            if self._consensus_sql is None:
                self._consensus_sql = str(
                    consensus_t.insert().values({c: None for c in cols}).compile(dialect=conn.dialect)
                )
            conn.exec_driver_sql(self._consensus_sql, _sqlite_consensus_rows(rows))
            return
        conn.execute(consensus_t.insert(), rows)  # pragma: no cover - other dialects

    def counts(self) -> dict[str, int]:
        """Rows per table."""
        out: dict[str, int] = {}
        with self._read() as conn:
            for table in S.Base.metadata.sorted_tables:
                out[table.name] = int(conn.execute(select(func.count()).select_from(table)).scalar_one())
        return out

    def article_facts(self, key: str) -> list[dict[str, Any]]:
        """The facts of one article (by natural key), in record order."""
        with self._read() as conn:
            q = (
                select(fact_t)
                .join(article_t, article_t.c.id == fact_t.c.article_id)
                .where(article_t.c.key == key)
                .order_by(fact_t.c.ordinal)
            )
            return [dict(r) for r in conn.execute(q).mappings()]

    def dump(self, exclude: Iterable[str] = ("load_run",)) -> dict[str, list[tuple[Any, ...]]]:
        """Every row of every table (sorted), minus ``exclude``: for idempotency checks and debugging."""
        skip = set(exclude)
        out: dict[str, list[tuple[Any, ...]]] = {}
        with self._read() as conn:
            for table in S.Base.metadata.sorted_tables:
                if table.name in skip:
                    continue
                rows = conn.execute(select(table)).all()
                out[table.name] = sorted((tuple(r) for r in rows), key=repr)
        return out


def _as_dt(d: dt.datetime | dt.date) -> dt.datetime:
    return d if isinstance(d, dt.datetime) else dt.datetime(d.year, d.month, d.day)


class _ReadConn:
    """Context manager: a connection whose transaction is a plain (deferred, on SQLite) BEGIN."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.conn: Connection | None = None

    def __enter__(self) -> Connection:
        self.conn = self.engine.connect()
        self.conn.info["ccetl_read"] = True
        return self.conn

    def __exit__(self, *exc: object) -> None:
        assert self.conn is not None
        try:
            self.conn.rollback()
        finally:
            self.conn.info.pop("ccetl_read", None)
            self.conn.close()


__all__ = [
    "LedgerEntry",
    "LoadItem",
    "LoadStats",
    "Warehouse",
    "article_key",
    "fact_key",
    "make_engine",
    "normalize_url",
    "redact",
]
