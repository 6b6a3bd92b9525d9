"""The deployments `ccetl serve` registers match prefect.yaml: names, entrypoints, cron, timezone, parameters."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from ccetl.orchestrate.deploy import DEPLOYMENTS, runner_deployments

ROOT = Path(__file__).resolve().parents[2]


def test_prefect_yaml_matches_the_served_deployments() -> None:
    doc: dict[str, Any] = yaml.safe_load((ROOT / "prefect.yaml").read_text(encoding="utf-8"))
    declared = {(d["entrypoint"].split(":")[1], d["name"]): d for d in doc["deployments"]}
    assert set(declared) == {(d.flow, d.name) for d in DEPLOYMENTS}
    for spec in DEPLOYMENTS:
        d = declared[(spec.flow, spec.name)]
        assert d["entrypoint"] == f"flows/{spec.flow}.py:{spec.flow}"
        assert d["parameters"] == spec.parameters
        assert d.get("concurrency_limit") == spec.concurrency_limit
        crons = [(s["cron"], s["timezone"]) for s in d.get("schedules") or []]
        assert crons == ([(spec.cron, "Asia/Shanghai")] if spec.cron else [])


def test_runner_deployments_carry_cron_schedules_in_the_ccetl_timezone(monkeypatch: Any) -> None:
    monkeypatch.setenv("CCETL_TIMEZONE", "Asia/Shanghai")
    deps = {d.name: d for d in runner_deployments()}
    assert set(deps) == {d.name for d in DEPLOYMENTS}
    hourly = deps["news-hourly"]
    [sched] = hourly.schedules
    assert sched.schedule.cron == "5 * * * *" and sched.schedule.timezone == "Asia/Shanghai"
    assert hourly.parameters == {"groups": ["news"], "lag": 0}
    assert deps["partition"].schedules in (None, [])
    assert deps["partition"].entrypoint.endswith("flows/ingest.py:ingest")
