"""The report page from a test warehouse: content, escaping, filters, empty warehouse, the CLI."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from ccetl.errors import InputError
from ccetl.report import render_report, write_report
from ccetl.report.render import safe_href, safe_json


@pytest.fixture(scope="module")
def page_en(report_db: str) -> str:
    return render_report(report_db, lang="en")


def _figures(page: str) -> dict[str, dict[str, object]]:
    out = {}
    for m in re.finditer(r'<script type="application/json" id="([^"]+)">(.*?)</script>', page, re.S):
        out[m[1]] = json.loads(m[2])
    return out


def test_quote_is_escaped(page_en: str) -> None:
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page_en
    assert "<script>alert(1)</script>" not in page_en
    assert "boom &lt;script&gt;" in page_en  # ledger error text
    assert "Shanghai &lt;b&gt;creative&lt;/b&gt; output" in page_en  # article title
    assert 'href="javascript:' not in page_en
    assert "<img src=x" not in page_en and "&lt;img src=x onerror=alert(3)&gt;" in page_en  # table
    assert "\\u0026lt;img src=x" in page_en  # chart legends: entity-escaped inside safe JSON


def test_self_contained(page_en: str) -> None:
    assert page_en.count("<script") == page_en.count("</script>")
    # plotly.js inlined, no external scripts or stylesheets
    assert "Plotly" in page_en and len(page_en) > 1_000_000
    assert not re.search(r"<script[^>]+src=", page_en)
    assert not re.search(r"<link[^>]+href=", page_en)


def test_charts_and_table(page_en: str) -> None:
    figs = _figures(page_en)
    ts = {k: v for k, v in figs.items() if k.startswith("ts-")}
    assert len(ts) == 2  # output level and output growth apart
    names = [t["name"] for f in ts.values() for t in f["data"]]  # type: ignore[attr-defined]
    assert any("(target)" in n for n in names) and any("(actual)" in n for n in names)
    assert "conflicting figures" in names
    target = next(t for f in ts.values() for t in f["data"] if "(target)" in t["name"])  # type: ignore[attr-defined]
    assert target["line"]["dash"] == "dash"
    assert "cmp-level-data" in figs and "cmp-change-data" in figs
    cmp_level = figs["cmp-level-data"]["data"][0]  # type: ignore[index]
    assert sorted(cmp_level["x"]) == ["Beijing", "Shanghai"]
    assert {"health-articles-data", "health-indicators-data", "health-fetch-data"} <= set(figs)
    # the facts table: values with units and periods, sources and links
    assert "1.64 trillion yuan" in page_en and "207.4 billion yuan" in page_en and "13%" in page_en
    assert "at least 2 trillion yuan" in page_en  # the quote's own bound (ge)
    assert 'href="https://alpha.example/news/1"' in page_en
    assert 'href="https://beta.example/news/2"' in page_en
    assert '<tr class="conflict">' in page_en
    assert "1.7 trillion yuan (beta)" in page_en
    # pipeline health
    assert "timeout" in page_en and "2024-01-08 – 2024-01-14" in page_en  # a ledger gap
    assert "failed" in page_en


def test_zh_page(report_db: str) -> None:
    page = render_report(report_db, lang="zh")
    assert '<html lang="zh-Hans">' in page
    assert "1.64万亿元" in page and "2074亿元" in page and "2022年" in page
    assert "上海" in page


def test_filters(report_db: str) -> None:
    page = render_report(report_db, region="上海", metric="output")
    figs = _figures(page)
    table = page[page.index('<table class="facts">') :]
    assert "Shanghai" in table and "Beijing" not in table.split("</table>")[0]
    # the comparison still shows every region, the selected one highlighted
    assert sorted(figs["cmp-level-data"]["data"][0]["x"]) == ["Beijing", "Shanghai"]  # type: ignore[index]


@pytest.mark.parametrize(
    ("kw", "expect"),
    [({"region": "Shangai"}, "Shanghai"), ({"metric": "outptu"}, "output"), ({"sector": "cultural_creativ"}, "cultural_creative")],
)
def test_unknown_filter_suggests(report_db: str, kw: dict[str, str], expect: str) -> None:
    with pytest.raises(InputError) as e:
        render_report(report_db, region=kw.get("region"), sector=kw.get("sector"), metric=kw.get("metric"))
    msg = str(e.value)
    assert "\n" not in msg and "did you mean" in msg and expect in msg


def test_empty_warehouse(empty_db: str) -> None:
    page = render_report(empty_db)
    assert 'id="empty-warehouse"' in page and "The warehouse is empty" in page
    zh = render_report(empty_db, lang="zh")
    assert "数据仓库为空" in zh


def test_no_tables_is_empty(tmp_path: Path) -> None:
    import sqlite3

    db = tmp_path / "blank.sqlite"
    sqlite3.connect(db).close()
    assert 'id="empty-warehouse"' in render_report(f"sqlite:///{db}")


def test_write_report(report_db: str, tmp_path: Path) -> None:
    path = write_report(report_db, tmp_path / "sub" / "r.html", lang="zh")
    assert path.is_file() and path.is_absolute()
    assert path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_safe_helpers() -> None:
    assert safe_json({"q": "</script><b>&"}) == '{"q":"\\u003c/script\\u003e\\u003cb\\u003e\\u0026"}'
    assert json.loads(safe_json({"q": "</script>"})) == {"q": "</script>"}
    assert safe_href("javascript:alert(1)") is None
    assert safe_href("data:text/html,x") is None
    assert safe_href("https://x.example/a?b=1") == "https://x.example/a?b=1"


def _main(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    from ccetl.cli import main

    with pytest.raises(SystemExit) as e:
        main(argv)
    return int(e.value.code or 0), capsys.readouterr().err


def test_cli(report_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "cli.html"
    code, _ = _main(["report", "--db", report_db, "--lang", "zh", "--out", str(out)], capsys)
    assert code == 0
    assert out.is_file() and "1.64万亿元" in out.read_text(encoding="utf-8")


def test_cli_errors(report_db: str, empty_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, err = _main(["report", "--db", report_db, "--region", "Shangai", "--out", str(tmp_path / "x.html")], capsys)
    lines = err.strip().splitlines()
    assert code != 0 and len(lines) == 1, err
    assert lines[0].startswith("ccetl: error: unknown --region") and "Shanghai" in lines[0]
    assert not (tmp_path / "x.html").exists()
    code, err = _main(["report", "--db", empty_db, "--lang", "fr", "--out", str(tmp_path / "y.html")], capsys)
    assert code != 0 and "en or zh" in err
    code, err = _main(["report", "--db", f"sqlite:///{tmp_path / 'missing.sqlite'}", "--out", str(tmp_path / "z.html")], capsys)
    assert code != 0 and "no warehouse" in err and "Traceback" not in err


def test_region_rollup(report_db: str) -> None:
    page = render_report(report_db, region="China:East")  # Shanghai and Beijing are both in the East
    table = page[page.index('<table class="facts">') :].split("</table>")[0]
    assert "Shanghai" in table and "Beijing" in table


def test_stale_consensus_is_consolidated_in_memory(tmp_path: Path) -> None:
    import datetime as dt

    from ccetl.load import Warehouse
    from ccetl.models import Article

    from .conftest import TAXONOMY, _ind, build_warehouse

    url = f"sqlite:///{tmp_path / 'stale.sqlite'}"
    build_warehouse(url)
    assert 'id="not-consolidated"' not in render_report(url)
    with Warehouse(url, taxonomy_dir=TAXONOMY) as w:
        a = Article(doc="a4", text="t", title="Guangdong", published=dt.date(2023, 5, 1), url="https://gamma.example/4", source="gamma")
        w.load_article(None, a, [_ind("a4", 3.3e11, "CNY", "level", "Guangdong", "2022")], extractor_version="test-1")
    page = render_report(url)
    assert 'id="not-consolidated"' in page
    assert "330 billion yuan" in page and "Guangdong" in page


@pytest.mark.postgres
def test_report_on_postgresql() -> None:
    from ccetl.load.testing import pg_schema_url, pg_unavailable_reason

    from .conftest import build_warehouse

    reason = pg_unavailable_reason()
    if reason:
        pytest.skip(reason)
    with pg_schema_url() as url:
        build_warehouse(url)
        page = render_report(url, lang="zh")
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert(1)</script>" not in page
        assert "1.64万亿元" in page and "2074亿元" in page
        figs = _figures(page)
        assert figs["health-articles-data"]["data"][0]["x"] == [dt_today_utc()]  # type: ignore[index]
        with pytest.raises(InputError, match="Shanghai"):
            render_report(url, region="Shangai")


def dt_today_utc() -> str:
    import datetime as dt

    return dt.datetime.now(dt.UTC).date().isoformat()
