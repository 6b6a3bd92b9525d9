"""The task runner of the flows: threads by default, Dask when configured.

    CCETL_TASK_RUNNER=dask                       # a local Dask cluster per flow run
    CCETL_DASK_ADDRESS=tcp://scheduler:8786      # an existing Dask cluster (implies dask)
    CCETL_DASK_WORKERS=4                         # workers of the local cluster (default 2)
    CCETL_MAX_WORKERS=8                          # threads of the default runner (default 8)

Fetch and parse/extract tasks run on the runner; loads stay in the flow process
(one writer per warehouse connection).
"""

from __future__ import annotations

import os
from typing import Any, TypeVar, cast

from ccetl.errors import ConfigError

RUNNERS = ("thread", "dask")
T = TypeVar("T")


def runner_name() -> str:
    if os.environ.get("CCETL_DASK_ADDRESS"):
        return "dask"
    name = os.environ.get("CCETL_TASK_RUNNER", "thread").strip().lower() or "thread"
    if name not in RUNNERS:
        raise ConfigError(f"CCETL_TASK_RUNNER: unknown task runner {name!r}: use one of {', '.join(RUNNERS)}")
    return name


def _int_env(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name}: not a whole number: {raw!r}") from None
    if value < 1:
        raise ConfigError(f"{name}: must be at least 1, got {value}")
    return value


def make_task_runner(name: str | None = None, *, address: str | None = None,
                     cluster_kwargs: dict[str, Any] | None = None) -> Any:
    """A Prefect task runner: ThreadPoolTaskRunner, or prefect_dask.DaskTaskRunner."""
    name = name or runner_name()
    if name == "dask":
        try:
            from prefect_dask import DaskTaskRunner
        except ImportError:
            raise ConfigError("CCETL_TASK_RUNNER=dask needs prefect-dask: pip install 'ccetl[dask]'") from None
        address = address or os.environ.get("CCETL_DASK_ADDRESS") or None
        if address:
            return DaskTaskRunner(address=address)
        kwargs = {"n_workers": _int_env("CCETL_DASK_WORKERS", 2), "threads_per_worker": 1,
                  "processes": os.environ.get("CCETL_DASK_PROCESSES", "1") != "0"}
        return DaskTaskRunner(cluster_kwargs=cluster_kwargs or kwargs)
    from prefect.task_runners import ThreadPoolTaskRunner

    return ThreadPoolTaskRunner(max_workers=_int_env("CCETL_MAX_WORKERS", 8))


def no_walk(value: T) -> T:
    """``prefect.utilities.annotations.quote(value)``, typed as the value.

    Prefect walks every task argument looking for futures; for a thousand pages
    that walk costs seconds. Quoted arguments are passed through untouched (the
    task receives the value itself), so large future-free collections go quoted.
    """
    from prefect.context import FlowRunContext
    from prefect.task_runners import ThreadPoolTaskRunner
    from prefect.utilities.annotations import quote

    ctx = FlowRunContext.get()
    if ctx is not None and not isinstance(getattr(ctx, "task_runner", None), ThreadPoolTaskRunner):
        return value  # prefect-dask rebuilds a quote as a tuple: pass the value itself there
    return cast(T, quote(value))


def unwrap(value: T) -> T:
    """The value of a quoted argument: task runners that do not unquote (prefect-dask) pass the quote itself."""
    from prefect.utilities.annotations import BaseAnnotation

    return cast(T, value.unwrap()) if isinstance(value, BaseAnnotation) else value
