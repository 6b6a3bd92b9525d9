"""The ccetl deployments: what `ccetl serve` serves and prefect.yaml declares.

| deployment              | schedule (CCETL_TIMEZONE)   | does                                          |
|-------------------------|-----------------------------|-----------------------------------------------|
| ingest/news-hourly      | ``5 * * * *``               | news sources, today's window (+ catch-up)     |
| ingest/official-daily   | ``30 6 * * *``              | official sources, yesterday's window          |
| consolidate/daily       | ``0 7 * * *``               | rebuild the consensus table                   |
| ingest/partition        | manual                      | one (source, window): target of backfills     |
| backfill/manual         | manual                      | a backfill from the server                    |
| reprocess/manual        | manual                      | re-parse and re-extract stored pages          |
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

from ccetl.orchestrate.windows import timezone, timezone_name


@dataclass(frozen=True, slots=True)
class DeploymentSpec:
    flow: str  # module under flows/ and the flow function name
    name: str
    cron: str | None = None
    parameters: dict[str, Any] = field(default_factory=dict)
    description: str = ""
    tags: tuple[str, ...] = ()
    concurrency_limit: int | None = None

    @property
    def full_name(self) -> str:
        return f"{self.flow}/{self.name}"


DEPLOYMENTS: tuple[DeploymentSpec, ...] = (
    DeploymentSpec("ingest", "news-hourly", "5 * * * *", {"groups": ["news"], "lag": 0},
                   "Hourly incremental ingest of the news sources: today's window, after catching up missed days.",
                   ("ccetl", "incremental", "news")),
    DeploymentSpec("ingest", "official-daily", "30 6 * * *", {"groups": ["official"], "lag": 1},
                   "Daily incremental ingest of the official sources: yesterday's window, after catching up.",
                   ("ccetl", "incremental", "official")),
    DeploymentSpec("consolidate", "daily", "0 7 * * *", {}, "Daily rebuild of the indicator consensus table.",
                   ("ccetl", "consolidate")),
    DeploymentSpec("ingest", "partition", None, {"catch_up": False},
                   "One partition (source, window); `ccetl backfill` creates these runs.", ("ccetl", "partition"),
                   concurrency_limit=8),
    DeploymentSpec("backfill", "manual", None, {}, "Backfill from the server: one ingest/partition run per partition.",
                   ("ccetl", "backfill")),
    DeploymentSpec("reprocess", "manual", None, {}, "Re-parse and re-extract stored raw pages, replace facts.",
                   ("ccetl", "reprocess")),
)


def find(name: str) -> DeploymentSpec | None:
    return next((d for d in DEPLOYMENTS if d.full_name == name), None)


def flow_object(module: str) -> Any:
    from ccetl.cli.run_cmds import load_flows_module

    return getattr(load_flows_module(module), module)


def runner_deployments(specs: tuple[DeploymentSpec, ...] = DEPLOYMENTS, *, schedules: bool = True,
                       extra_parameters: dict[str, Any] | None = None) -> list[Any]:
    """RunnerDeployments for ``prefect.serve``; schedules are cron in the ccetl timezone."""
    from prefect.schedules import Cron

    import ccetl

    timezone()  # validates CCETL_TIMEZONE before anything is registered
    out = []
    for spec in specs:
        fl = flow_object(spec.flow)
        params = dict(spec.parameters)
        if extra_parameters:
            accepted = set(fl.parameters.properties)
            params.update({k: v for k, v in extra_parameters.items() if k in accepted})
        schedule = [Cron(spec.cron, timezone=timezone_name())] if spec.cron and schedules else None
        out.append(fl.to_deployment(name=spec.name, schedules=schedule, parameters=params,
                                    description=spec.description, tags=list(spec.tags), version=ccetl.__version__,
                                    concurrency_limit=spec.concurrency_limit))
    return out


def serve(*, limit: int | None = None, schedules: bool = True, only: list[str] | None = None,
          extra_parameters: dict[str, Any] | None = None) -> None:
    """Register the deployments and run their flow runs in this process until interrupted."""
    from prefect import serve as prefect_serve

    from ccetl.errors import InputError

    specs = DEPLOYMENTS
    if only:
        unknown = [n for n in only if find(n) is None]
        if unknown:
            raise InputError(f"unknown deployment {unknown[0]!r}; known: {', '.join(d.full_name for d in DEPLOYMENTS)}")
        specs = tuple(d for d in DEPLOYMENTS if d.full_name in only)
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    prefect_serve(*runner_deployments(specs, schedules=schedules, extra_parameters=extra_parameters),
                  limit=limit, print_starting_message=False)
