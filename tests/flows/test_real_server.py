"""Against a REAL Prefect server: `prefect server start` on a free loopback port with its own PREFECT_HOME,
`ccetl serve` in a subprocess, a scheduled-style run, a 3-partition backfill through `ccetl backfill`,
then warehouse rows, ledger states and artifacts. The server is stopped by its process id (and its
process group is killed at teardown no matter what)."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from ccetl.devsite import serve_site, site_dir

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
STARTUP_TIMEOUT = float(os.environ.get("CCETL_TEST_SERVER_TIMEOUT", "240"))

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _stop(proc: subprocess.Popen[bytes]) -> None:
    """Stop by pid (SIGTERM), then kill the process group whatever happened."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=15)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=5)


def _wait_health(url: str, proc: subprocess.Popen[bytes], log: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"prefect server exited with {proc.returncode}: {log.read_text()[-2000:]}")
        try:
            if httpx.get(url + "/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.25)
    raise RuntimeError(f"prefect server not healthy after {timeout:.0f} s: {log.read_text()[-2000:]}")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    home = tmp_path_factory.mktemp("prefect-home")
    port = _free_port()
    env = os.environ | {
        "PREFECT_HOME": str(home),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_UI_ENABLED": "false",
        "PREFECT_LOGGING_LEVEL": "WARNING",
        "PREFECT_SERVER_LOGGING_LEVEL": "WARNING",
    }
    env.pop("PREFECT_API_URL", None)
    log = home / "server.log"
    with log.open("wb") as out:
        proc = subprocess.Popen([str(BIN / "prefect"), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
                                env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        api = f"http://127.0.0.1:{port}/api"
        t0 = time.monotonic()
        _wait_health(api, proc, log, STARTUP_TIMEOUT)
        print(f"prefect server healthy after {time.monotonic() - t0:.1f} s")
        yield {"api": api, "home": str(home)}
    finally:
        _stop(proc)


def test_scheduled_run_and_backfill_on_a_real_server(server: dict[str, str], tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import DeploymentFilter, DeploymentFilterName
    from prefect.client.schemas.sorting import FlowRunSort
    from prefect.exceptions import ObjectNotFound
    from prefect.settings import PREFECT_API_URL, temporary_settings

    from ccetl.load.warehouse import Warehouse
    from ccetl.orchestrate.backfill import plan_backfill
    from ccetl.orchestrate.deploy import DEPLOYMENTS
    from ccetl.orchestrate.server import submit_partitions
    from ccetl.sources import load_sources

    wh_url = f"sqlite:///{tmp_path / 'wh.sqlite'}"
    with serve_site(site_dir()) as base:
        monkeypatch.setenv("CCETL_FIXTURE_SITE", str(base))
        env = os.environ | {
            "PREFECT_API_URL": server["api"],
            "PREFECT_HOME": server["home"],
            "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
            "CCETL_HOME": str(ROOT),
            "CCETL_FIXTURE_SITE": str(base),
            "CCETL_WAREHOUSE_URL": wh_url,
            "CCETL_TIMEZONE": "Asia/Shanghai",
        }
        serve_log = tmp_path / "serve.log"
        with serve_log.open("wb") as out:
            serve = subprocess.Popen([str(BIN / "ccetl"), "serve", "--no-schedules", "--limit", "4"], cwd=ROOT, env=env,
                                     stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            with temporary_settings(updates={PREFECT_API_URL: server["api"]}), get_client(sync_client=True) as client:
                deadline = time.monotonic() + 120
                wanted = [d.full_name for d in DEPLOYMENTS]
                names: set[str] = set()
                while time.monotonic() < deadline and len(names) < len(wanted):
                    assert serve.poll() is None, serve_log.read_text()[-3000:]
                    for name in wanted:
                        with contextlib.suppress(ObjectNotFound):
                            client.read_deployment_by_name(name)
                            names.add(name)
                    time.sleep(0.5)
                assert names == set(wanted), serve_log.read_text()[-3000:]

                # A 3-partition backfill through the CLI (waits for the runs, shows progress).
                cli = subprocess.run([str(BIN / "ccetl"), "backfill", "--from", "2023-07-04", "--to", "2023-07-06",
                                      "--source", "fixture-gov", "--source", "fixture-news", "--max-concurrent", "3"],
                                     cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
                assert cli.returncode == 0, cli.stderr
                assert "skipping source fixture-news" in cli.stderr
                assert "3 partition run(s) completed" in cli.stderr

                # A scheduled-style run after the backfill: official-daily scheduled for 2023-07-09 06:30 Shanghai
                # -> window 2023-07-08 (lag 1), after catching up 2023-07-07 from the watermark (2023-07-06).
                from prefect.deployments import run_deployment

                when = dt.datetime(2023, 7, 9, 6, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))
                sched: Any = run_deployment("ingest/official-daily", scheduled_time=when, timeout=0, as_subflow=False)

                deadline = time.monotonic() + 300
                while time.monotonic() < deadline:
                    run = client.read_flow_run(sched.id)
                    if run.state is not None and run.state.is_final():
                        break
                    time.sleep(0.5)
                assert run.state is not None and run.state.is_completed(), run.state
                assert run.name == "ingest-2023-07-08"
                assert "window:2023-07-08" in run.tags

                # Repeating the backfill creates nothing; re-submitting the same keys returns the same runs.
                again = subprocess.run([str(BIN / "ccetl"), "backfill", "--from", "2023-07-04", "--to", "2023-07-06",
                                        "--source", "fixture-gov"], cwd=ROOT, env=env, capture_output=True, text=True,
                                       timeout=300)
                assert again.returncode == 0 and "0 partition(s) to run, 3 already done" in again.stderr, again.stderr
                sources = [s for s in load_sources(ROOT / "config" / "sources.yaml") if s.name == "fixture-gov"]
                plan = plan_backfill(sources, dt.date(2023, 7, 4), dt.date(2023, 7, 6))  # as if the ledger were empty
                first = submit_partitions(plan.to_run, "ingest/partition", wait=False)
                second = submit_partitions(plan.to_run, "ingest/partition", wait=False)
                assert [s.flow_run_id for s in first] == [s.flow_run_id for s in second]
                partition_runs = client.read_flow_runs(
                    deployment_filter=DeploymentFilter(name=DeploymentFilterName(any_=["partition"])),
                    sort=FlowRunSort.NAME_ASC, limit=100)
                assert len(partition_runs) == 3, [r.name for r in partition_runs]
                assert sorted(r.name for r in partition_runs) == [
                    f"ingest-fixture-gov-2023-07-0{d}" for d in (4, 5, 6)]

                # The server-side backfill deployment: one more partition, run as a subflow of backfill/manual.
                bf: Any = run_deployment("backfill/manual", parameters={"start": "2023-07-10", "end": "2023-07-10",
                                                                        "only": ["fixture-gov"]}, timeout=0, as_subflow=False)
                deadline = time.monotonic() + 300
                while time.monotonic() < deadline:
                    bf_run = client.read_flow_run(bf.id)
                    if bf_run.state is not None and bf_run.state.is_final():
                        break
                    time.sleep(0.5)
                assert bf_run.state is not None and bf_run.state.is_completed(), bf_run.state

                def artifacts(key: str) -> list[dict[str, Any]]:
                    r = httpx.post(server["api"] + "/artifacts/filter", timeout=30,
                                   json={"artifacts": {"key": {"any_": [key]}}, "limit": 100, "offset": 0})
                    r.raise_for_status()
                    return list(r.json())

                assert len(artifacts("ingest-summary")) >= 4  # 3 partitions + the scheduled run
                reports = artifacts("ingest-report")
                assert any("fixture-gov" in str(a["data"]) and "2023-07-08" in str(a["data"]) for a in reports)
        finally:
            _stop(serve)

    wh = Warehouse(wh_url)
    ledger = {(e.source, e.window_start.isoformat()): e for e in wh.ledger()}
    assert {k: e.status for k, e in ledger.items()} == {
        ("fixture-gov", f"2023-07-{d:02d}"): "success" for d in (4, 5, 6, 7, 8, 10)}
    assert ledger[("fixture-gov", "2023-07-05")].counts["articles_loaded"] == 1  # type: ignore[index]
    assert ledger[("fixture-gov", "2023-07-04")].counts["articles_loaded"] == 0  # type: ignore[index]
    assert ledger[("fixture-gov", "2023-07-07")].counts["discovered"] == 0  # type: ignore[index]
    counts = wh.counts()
    assert counts["article"] == 1 and counts["fact_indicator"] > 0
    assert wh.watermark("fixture-gov") == dt.date(2023, 7, 10)  # 07-09 is no failure, just not run
