"""Scale-out: the same ingest flow with prefect-dask's DaskTaskRunner on a local Dask cluster (threads only)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ccetl.cli.run_cmds import load_flows_module
from ccetl.devsite import serve_site, site_dir
from ccetl.orchestrate.runners import make_task_runner, runner_name

pytestmark = pytest.mark.usefixtures("prefect_harness")


def test_runner_is_chosen_by_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    from prefect.task_runners import ThreadPoolTaskRunner
    from prefect_dask import DaskTaskRunner

    monkeypatch.delenv("CCETL_DASK_ADDRESS", raising=False)
    monkeypatch.delenv("CCETL_TASK_RUNNER", raising=False)
    assert runner_name() == "thread" and isinstance(make_task_runner(), ThreadPoolTaskRunner)
    monkeypatch.setenv("CCETL_TASK_RUNNER", "dask")
    assert isinstance(make_task_runner(), DaskTaskRunner)
    monkeypatch.setenv("CCETL_DASK_ADDRESS", "tcp://10.0.0.5:8786")
    runner = make_task_runner()
    assert isinstance(runner, DaskTaskRunner) and runner.address == "tcp://10.0.0.5:8786"


def test_ingest_parse_extract_on_a_local_dask_cluster(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    flows = load_flows_module("ingest")
    runner = make_task_runner("dask", cluster_kwargs={"processes": False, "n_workers": 1, "threads_per_worker": 2,
                                                      "dashboard_address": None})
    on_dask = flows.ingest.with_options(task_runner=runner)
    url = f"sqlite:///{tmp_path / 'wh.sqlite'}"
    monkeypatch.setenv("CCETL_CACHE", "0")  # really parse and extract on the cluster
    with serve_site(site_dir()) as base:
        monkeypatch.setenv("CCETL_FIXTURE_SITE", base)
        rows = on_dask(warehouse=url)
    assert sum(int(r["articles_loaded"]) for r in rows) == 5  # type: ignore[call-overload]
    assert sum(int(r["parsed"]) for r in rows) == 5  # type: ignore[call-overload]
    assert all(r["status"] == "success" for r in rows)
