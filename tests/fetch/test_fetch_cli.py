"""`ccetl fetch URL`, `ccetl discover`, `ccetl sources` end to end against the fault server.

One run goes through a real subprocess (the installed `ccetl` script); the others
call `ccetl.cli.main` in-process, which is the same code path without the start-up cost.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from faultserver import FaultServer

from ccetl.cli import main

CCETL = str(Path(sys.executable).with_name("ccetl"))


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = 0
    try:
        main(list(args))
    except SystemExit as e:
        code = int(e.code or 0) if not isinstance(e.code, str) else 1
    out, err = capsys.readouterr()
    return code, out, err


def test_fetch_subprocess_ok_writes_body(server: FaultServer, tmp_path: Path) -> None:
    out = tmp_path / "sub" / "page.html"
    p = subprocess.run([CCETL, "fetch", server.url("/story.html?utm_source=x"), "--local", "--out", str(out),
                        "--timeout", "2"], capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, p.stderr
    line = p.stdout.strip()
    assert "\n" not in line
    assert line.startswith(server.url("/story.html") + " 200 ")
    assert " bytes " in line and " ms" in line and "error" not in line
    assert out.read_bytes().startswith(b"<!doctype html>")
    assert [h.path for h in server.hits] == ["/robots.txt", "/story.html"]
    assert server.hits[1].headers["user-agent"].startswith("ccetl/")


def test_fetch_failures_are_one_line(server: FaultServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    server.fault("/down", "status", code=503)
    code, out, err = cli(capsys, "fetch", server.url("/down"), "--local", "--retries", "0", "--timeout", "2",
                         "--out", str(tmp_path / "x.html"))
    assert code != 0 and out == ""
    assert err.strip().count("\n") == 0 and "Traceback" not in err
    assert err.startswith("ccetl: error: ") and "error: HTTP 503" in err
    assert not (tmp_path / "x.html").exists()
    code, _, err = cli(capsys, "fetch", server.url("/x"))
    assert code != 0 and "refused private address" in err
    code, _, err = cli(capsys, "fetch", "file:///etc/passwd")
    assert code != 0 and "refused scheme 'file:'" in err
    code, _, err = cli(capsys, "fetch", server.url("/private/a"), "--local")
    assert code != 0 and "robots.txt disallows" in err
    code, _, err = cli(capsys, "fetch", "--timeout", "abc", "http://example.org/")
    assert code != 0 and "Traceback" not in err
    server.fault("/pdf", "body", body=b"%PDF-1.4", ctype="application/pdf")
    code, _, err = cli(capsys, "fetch", server.url("/pdf"), "--local")
    assert code != 0 and "content type application/pdf skipped" in err
    code, out, _ = cli(capsys, "fetch", server.url("/pdf"), "--local", "--any-type", "--out", str(tmp_path / "a.pdf"))
    assert code == 0 and (tmp_path / "a.pdf").read_bytes() == b"%PDF-1.4"


def test_sources_and_discover_commands(server: FaultServer, tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    feed = (f'<?xml version="1.0"?><rss version="2.0"><channel><item><title>T</title>'
            f'<link>{server.base}/n/1.html</link><pubDate>Fri, 31 May 2024 08:00:00 GMT</pubDate></item>'
            '</channel></rss>').encode()
    server.fault("/rss", "body", body=feed, ctype="application/rss+xml")
    f = tmp_path / "s.yaml"
    f.write_text(f"sources:\n  - name: t\n    kind: rss\n    url: {server.url('/rss')}\n    local: true\n")
    code, out, _ = cli(capsys, "sources", "--sources", str(f))
    assert code == 0 and out.startswith("t\trss\tnews")
    code, out, err = cli(capsys, "discover", "t", "--sources", str(f), "--json")
    assert code == 0, err
    assert '"published": "2024-05-31"' in out and f"{server.base}/n/1.html" in out
    code, out, _ = cli(capsys, "discover", "t", "--sources", str(f), "--from", "2024-06-01")
    assert code == 0 and out == ""
    code, _, err = cli(capsys, "discover", "t", "--sources", str(f), "--from", "2024-13-01")
    assert code != 0 and "--from: expected a date" in err
    code, _, err = cli(capsys, "discover", "nope", "--sources", str(f))
    assert code != 0 and "unknown source 'nope'" in err
    # --source applies the source's settings: this one is local, so loopback is allowed
    code, out, err = cli(capsys, "fetch", server.url("/n/1.html"), "--source", "t", "--sources", str(f))
    assert code == 0 and out.startswith(server.url("/n/1.html") + " 200 "), err
    code, _, err = cli(capsys, "fetch", server.url("/n/1.html"), "--sources", str(f))
    assert code != 0 and "--sources needs --source NAME" in err
    f.write_text("sources:\n  - name: t\n    kind: rs\n    url: http://x/\n")
    code, _, err = cli(capsys, "sources", "--sources", str(f))
    assert code != 0 and f"{f}:3: source 't': unknown kind 'rs'" in err
