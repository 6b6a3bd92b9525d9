"""`ccetl parse PATH... --format jsonl`: files and folders, errors on stderr, non-zero exit at the end."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from ccetl.cli import app


def test_parse_folder_and_bad_file(tmp_path: Path) -> None:
    page = (
        "<html><head><title>T</title></head><body><div><p>"
        + "文化产业增长。" * 10
        + "</p></div></body></html>"
    )
    (tmp_path / "a.html").write_bytes(page.encode("gbk"))
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.htm").write_text(page, encoding="utf-8")
    (tmp_path / "notes.md").write_text("ignored")
    bad = tmp_path / "bad.html"
    bad.write_bytes(bytes(range(256)) * 10)
    result = CliRunner().invoke(app, ["parse", str(tmp_path), "--format", "jsonl"])
    assert result.exit_code == 1
    lines = [json.loads(x) for x in result.stdout.splitlines() if x.strip()]
    assert {Path(x["doc"]).name for x in lines} == {"a.html", "b.htm"}
    for x in lines:
        assert set(x) >= {"doc", "url", "title", "published", "lang", "text"}
        assert "文化产业增长" in x["text"] and x["lang"] == "zh-Hans"
    assert "bad.html" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_parse_help() -> None:
    result = CliRunner().invoke(app, ["parse", "--help"])
    assert result.exit_code == 0 and "--format" in result.stdout
