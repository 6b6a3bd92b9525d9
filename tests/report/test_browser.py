"""The report in a real browser: headless Chromium, no network; charts draw marks, no JavaScript errors."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from ccetl.report import write_report

from .browser import PageResult, find_chromium, open_reports

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        find_chromium() is None,
        reason="headless Chromium not installed (Debian: apt-get install -y chromium); CI installs it",
    ),
]

ARTIFACTS = os.environ.get("CCETL_REPORT_ARTIFACTS")  # copy the screenshots here when set


# Click the "value" heading twice: the table sorts ascending, then descending, by the numeric value;
# then hover the first point of the first chart: plotly draws its hover label.
SORT_CHECK = """
(function () {
  var th = document.querySelector('table.facts th[data-type="num"]');
  if (!th) return null;
  var idx = Array.prototype.indexOf.call(th.parentNode.children, th);
  function col() {
    return Array.prototype.map.call(document.querySelectorAll('table.facts tbody tr'),
      function (r) { return parseFloat(r.cells[idx].dataset.sort); });
  }
  th.click(); var up = col(); th.click(); var down = col();
  var chart = document.getElementById('ts-0');
  Plotly.Fx.hover(chart, [{curveNumber: 0, pointNumber: 0}]);
  var hover = chart.querySelector('.hoverlayer .hovertext');
  return {up: up, down: down, heading: th.textContent, hover: hover ? hover.textContent : null};
})()
"""


@pytest.fixture(scope="module")
def opened(report_db: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, PageResult]:
    """The English report (the Chinese one differs only in its strings) and the empty-warehouse report, in one Chromium."""
    from ccetl.load import Warehouse

    from .conftest import TAXONOMY

    d = tmp_path_factory.mktemp("browser")
    empty_url = f"sqlite:///{d / 'empty.sqlite'}"
    with Warehouse(empty_url, taxonomy_dir=TAXONOMY) as w:
        w.upgrade()
    pages = {
        "en": write_report(report_db, d / "report-en.html", lang="en"),
        "empty": write_report(empty_url, d / "report-empty.html"),
    }
    results = dict(zip(pages, open_reports(list(pages.values()), script=SORT_CHECK), strict=True))
    for name, res in results.items():
        shot = d / f"report-{name}.png"
        shot.write_bytes(res.screenshot)
        if ARTIFACTS:
            Path(ARTIFACTS).mkdir(parents=True, exist_ok=True)
            shutil.copy(shot, Path(ARTIFACTS) / shot.name)
    return results


def test_report_renders_in_chromium(opened: dict[str, PageResult]) -> None:
    res = opened["en"]
    assert res.ready, f"charts did not finish drawing: {res.info} {res.errors}"
    assert res.errors == [], res.errors
    outside = [u for u in res.requests if not u.startswith(("file:", "data:", "blob:", "about:"))]
    assert outside == [], f"the page tried the network: {outside}"
    by_id = {c["id"]: c for c in res.charts}
    assert {"ts-0", "ts-1", "cmp-level", "cmp-change", "health-articles", "health-indicators", "health-fetch"} <= set(by_id)
    for c in res.charts:
        assert c["svg"] >= 1, c
        assert c["points"] + c["lines"] + c["bars"] > 0, f"chart {c['id']} drew no marks: {c}"
    series = [c for c in res.charts if c["id"].startswith("ts-")]
    assert all(c["lines"] >= 2 and c["points"] >= 3 for c in series), series
    assert by_id["cmp-level"]["bars"] >= 2
    assert res.info["rows"] >= 5 and not res.info["empty"]
    assert res.screenshot.startswith(b"\x89PNG") and len(res.screenshot) > 20_000
    sort = res.info["script"]
    assert sort["up"] == sorted(sort["up"]) and sort["down"] == sorted(sort["down"], reverse=True)
    assert len(sort["up"]) >= 5 and sort["up"] != sort["down"]
    assert sort["hover"] and "yuan" in sort["hover"], sort["hover"]


def test_empty_report_in_chromium(opened: dict[str, PageResult]) -> None:
    res = opened["empty"]
    assert res.ready and res.errors == [], (res.info, res.errors)
    assert res.info["empty"] is True
    assert res.charts == []
