"""Backfill planning: which (source, window) partitions to run, and the idempotency key of each run.

    plan = plan_backfill(sources, start, end, granularity="month", reprocess="failed", ledger=wh.ledger())
    for item in plan.to_run: run_deployment(..., idempotency_key=item.key)

The key names the deployment, partition and the partition's attempt count in the
ledger: repeating a backfill while its runs are still scheduled or running gives
the same keys (the server returns the existing runs), and a partition that failed
since gets a new key, so "--reprocess failed" creates exactly one new run for it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from ccetl.errors import InputError
from ccetl.orchestrate.windows import Window, check_granularity, iter_days, partitions, window_label

Reprocess = Literal["none", "failed", "all"]
REPROCESS_MODES: tuple[str, ...] = ("none", "failed", "all")
STALE_RUNNING = dt.timedelta(hours=6)  # a "running" partition not updated for this long is taken as crashed


@dataclass(frozen=True, slots=True)
class PlannedRun:
    source: str
    window: Window
    action: Literal["run", "skip"]
    reason: str  # "gap", "failed", "quarantined", "reprocess", "done", "running"
    attempts: int = 0
    key: str = ""

    @property
    def label(self) -> str:
        return f"{self.source} {window_label(self.window)}"


@dataclass(slots=True)
class BackfillPlan:
    items: list[PlannedRun] = field(default_factory=list)
    skipped_sources: list[tuple[str, str]] = field(default_factory=list)  # (source, why)

    @property
    def to_run(self) -> list[PlannedRun]:
        return [i for i in self.items if i.action == "run"]

    @property
    def to_skip(self) -> list[PlannedRun]:
        return [i for i in self.items if i.action == "skip"]


def check_reprocess(value: str) -> Reprocess:
    if value not in REPROCESS_MODES:
        raise InputError(f"unknown --reprocess {value!r}: use one of {', '.join(REPROCESS_MODES)}")
    return value  # type: ignore[return-value]


def idempotency_key(deployment: str, source: str, window: Window, attempts: int) -> str:
    return f"ccetl-backfill/{deployment}/{source}/{window[0].isoformat()}/{window[1].isoformat()}/a{attempts}"


def select_sources(sources: Sequence[Any], names: Sequence[str] | None) -> list[Any]:
    """Enabled sources, or those named (an unknown name is an InputError)."""
    if not names:
        return [s for s in sources if getattr(s, "enabled", True)]
    known = {s.name: s for s in sources}
    unknown = [n for n in names if n not in known]
    if unknown:
        raise InputError(f"unknown source {unknown[0]!r}; known: {', '.join(sorted(known))}")
    return [known[n] for n in names]


def _status_of(window: Window, source: str, entries: dict[tuple[str, dt.date, dt.date], Any],
               by_day: dict[tuple[str, dt.date], Any], now: dt.datetime) -> tuple[str, int]:
    """(status, attempts) of a window: the exact ledger row, else "success" if every day is covered by successes."""
    row = entries.get((source, window[0], window[1]))
    if row is not None:
        status = str(row.status)
        updated = row.updated_at if row.updated_at.tzinfo else row.updated_at.replace(tzinfo=dt.UTC)
        if status == "running" and now - updated > STALE_RUNNING:
            status = "failed"
        return status, int(row.attempts or 0)
    days = [by_day.get((source, d)) for d in iter_days(window)]
    if days and all(d is not None and d.status == "success" for d in days):
        return "success", 0
    if any(d is not None and d.status in ("failed", "quarantined") for d in days):
        return "failed", 0
    return "gap", 0


def plan_backfill(
    sources: Sequence[Any],
    start: dt.date,
    end: dt.date,
    *,
    granularity: str = "day",
    reprocess: str = "none",
    ledger: Iterable[Any] = (),
    deployment: str = "ingest/partition",
    now: dt.datetime | None = None,
) -> BackfillPlan:
    """One planned run per (source, window) of the grid; RSS/Atom sources are skipped (feeds only list recent items).

    reprocess=none runs gaps only; failed also reruns failed, quarantined and crashed
    partitions; all reruns everything except partitions running right now.
    """
    check_granularity(granularity)
    mode = check_reprocess(reprocess)
    grid = partitions(start, end, granularity)
    now = now or dt.datetime.now(dt.UTC)
    entries: dict[tuple[str, dt.date, dt.date], Any] = {}
    by_day: dict[tuple[str, dt.date], Any] = {}
    for e in ledger:
        entries[(e.source, e.window_start, e.window_end)] = e
        if e.window_start == e.window_end:
            by_day[(e.source, e.window_start)] = e
    plan = BackfillPlan()
    for src in sources:
        if not getattr(src, "can_backfill", getattr(src, "kind", "") not in ("rss", "atom")):
            plan.skipped_sources.append(
                (src.name, f"{src.kind} feeds only list recent items; past windows cannot be discovered"))
            continue
        for w in grid:
            status, attempts = _status_of(w, src.name, entries, by_day, now)
            if status == "running":
                action, reason = "skip", "running"
            elif status == "gap" or status == "pending":
                action, reason = "run", "gap"
            elif status in ("failed", "quarantined"):
                action, reason = ("run" if mode in ("failed", "all") else "skip"), status
            else:  # success
                action, reason = ("run", "reprocess") if mode == "all" else ("skip", "done")
            key = idempotency_key(deployment, src.name, w, attempts) if action == "run" else ""
            plan.items.append(PlannedRun(src.name, w, action, reason, attempts, key))  # type: ignore[arg-type]
    return plan
