"""Talking to the Prefect server: is it there, does a deployment exist, run partitions through it.

``submit_partitions`` creates one flow run per planned partition with
``run_deployment`` (idempotency key per partition, so repeats never double runs),
keeps at most ``max_concurrent`` of them unfinished at a time, and reports each
one as it finishes.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from ccetl.errors import ConfigError, InputError
from ccetl.orchestrate.backfill import PlannedRun
from ccetl.orchestrate.windows import window_tags

START_HINT = ("start one with `prefect server start` (or `prefect server start --background`) and set "
              "PREFECT_API_URL=http://127.0.0.1:4200/api")


def api_url() -> str | None:
    from prefect.settings import PREFECT_API_URL

    value = PREFECT_API_URL.value()
    return str(value) if value else None


def require_server(timeout: float = 5.0) -> str:
    """The API URL of a reachable Prefect server, else a ConfigError saying how to start one."""
    import httpx

    url = api_url()
    if not url:
        raise ConfigError(f"no Prefect server configured (PREFECT_API_URL is unset): {START_HINT}")
    try:
        r = httpx.get(url.rstrip("/") + "/health", timeout=timeout)
    except httpx.HTTPError as e:
        raise ConfigError(f"no Prefect server reachable at {url} ({type(e).__name__}): {START_HINT}") from None
    if r.status_code != 200:
        raise ConfigError(f"Prefect server at {url} answered HTTP {r.status_code} to /health: {START_HINT}")
    return url


def require_deployment(name: str) -> Any:
    """The deployment ``flow/deployment``, else an InputError listing the known ones."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.sorting import DeploymentSort
    from prefect.exceptions import ObjectNotFound

    if "/" not in name:
        raise InputError(f"deployment name must be FLOW/DEPLOYMENT, got {name!r}")
    with get_client(sync_client=True) as client:
        try:
            return client.read_deployment_by_name(name)
        except ObjectNotFound:
            known = sorted(f"{_flow_name(client, d.flow_id)}/{d.name}" for d in client.read_deployments(limit=200, sort=DeploymentSort.NAME_ASC))
            raise InputError(
                f"unknown deployment {name!r}; known: {', '.join(known) or 'none'} "
                "(start `ccetl serve`, or `prefect deploy --all` and a worker)"
            ) from None


def _flow_name(client: Any, flow_id: uuid.UUID) -> str:
    try:
        return str(client.read_flow(flow_id).name)
    except Exception:
        return "?"


@dataclass(slots=True)
class Submitted:
    item: PlannedRun
    flow_run_id: uuid.UUID
    state: str = "SCHEDULED"
    message: str | None = None


def partition_parameters(item: PlannedRun, warehouse: str | None = None,
                         sources_file: str | None = None) -> dict[str, Any]:
    params: dict[str, Any] = {
        "only": [item.source],
        "window_start": item.window[0].isoformat(),
        "window_end": item.window[1].isoformat(),
        "catch_up": False,
    }
    if warehouse:
        params["warehouse"] = warehouse
    if sources_file:
        params["sources_file"] = sources_file
    return params


def submit_partitions(
    items: Sequence[PlannedRun],
    deployment: str,
    *,
    warehouse: str | None = None,
    sources_file: str | None = None,
    max_concurrent: int = 4,
    wait: bool = True,
    poll_interval: float = 1.0,
    on_submitted: Callable[[Submitted], None] | None = None,
    on_finished: Callable[[Submitted], None] | None = None,
    as_subflow: bool = False,
) -> list[Submitted]:
    """Create (or find, by idempotency key) one run per item; with ``wait``, return when all are final."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId
    from prefect.client.schemas.objects import FlowRun
    from prefect.client.schemas.sorting import FlowRunSort
    from prefect.deployments import run_deployment

    if max_concurrent < 1:
        raise InputError("--max-concurrent must be at least 1")
    pending = list(items)
    in_flight: dict[uuid.UUID, Submitted] = {}
    done: list[Submitted] = []
    with get_client(sync_client=True) as client:
        while pending or in_flight:
            while pending and (len(in_flight) < max_concurrent or not wait):
                item = pending.pop(0)
                fr: FlowRun = run_deployment(  # type: ignore[assignment]  # sync call returns the run
                    deployment,
                    parameters=partition_parameters(item, warehouse, sources_file),
                    flow_run_name=f"ingest-{item.source}-{item.window[0].isoformat()}"
                    + ("" if item.window[0] == item.window[1] else f"..{item.window[1].isoformat()}"),
                    timeout=0,
                    tags=["backfill", f"source:{item.source}", *window_tags(item.window)],
                    idempotency_key=item.key or None,
                    as_subflow=as_subflow,
                )
                sub = Submitted(item, fr.id, fr.state.type.value if fr.state else "SCHEDULED")
                if on_submitted:
                    on_submitted(sub)
                if not wait:
                    done.append(sub)
                    continue
                if fr.state is not None and fr.state.is_final():  # an earlier identical request already finished
                    sub.message = fr.state.message
                    done.append(sub)
                    if on_finished:
                        on_finished(sub)
                else:
                    in_flight[fr.id] = sub
            if not in_flight:
                continue
            time.sleep(poll_interval)
            runs = client.read_flow_runs(flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=list(in_flight))),
                                         sort=FlowRunSort.ID_DESC, limit=len(in_flight))
            for run in runs:
                if run.state is not None and run.state.is_final():
                    sub = in_flight.pop(run.id)
                    sub.state = run.state.type.value
                    sub.message = run.state.message
                    done.append(sub)
                    if on_finished:
                        on_finished(sub)
    return done
