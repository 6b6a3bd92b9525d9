"""A minimal headless-Chromium driver over the DevTools protocol (websockets), for the report's browser test.

Chromium runs with no network: a dead proxy and a host resolver that maps every
name to nothing, so any attempt to fetch from outside shows up as a failed request.
"""

from __future__ import annotations

import asyncio
import base64
import itertools
import json
import re
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import websockets

CHROMIUM_CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-dev-shm-usage",
    "--proxy-server=127.0.0.1:9",
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--remote-debugging-port=0",
    "--window-size=1280,1800",
)


def find_chromium() -> str | None:
    for name in CHROMIUM_CANDIDATES:
        path = shutil.which(name)
        if path:
            return path
    return None


@dataclass
class PageResult:
    ready: bool
    charts: list[dict[str, Any]]
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    screenshot: bytes = b""
    info: dict[str, Any] = field(default_factory=dict)


class _Cdp:
    def __init__(self, ws: Any) -> None:
        self.ws = ws
        self.ids = itertools.count(1)
        self.pending: dict[int, asyncio.Future[dict[str, Any]]] = {}
        self.events: list[dict[str, Any]] = []
        self.reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        async for raw in self.ws:
            msg = json.loads(raw)
            fut = self.pending.pop(msg["id"], None) if "id" in msg else None
            if fut is not None:
                fut.set_result(msg)
            elif "method" in msg:
                self.events.append(msg)

    async def send(self, method: str, params: dict[str, Any] | None = None, session: str | None = None) -> dict[str, Any]:
        i = next(self.ids)
        fut: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self.pending[i] = fut
        msg: dict[str, Any] = {"id": i, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        await self.ws.send(json.dumps(msg))
        reply = await asyncio.wait_for(fut, 60)
        if "error" in reply:
            raise RuntimeError(f"{method}: {reply['error']}")
        result: dict[str, Any] = reply.get("result", {})
        return result


COUNT_MARKS = """
JSON.stringify(Array.from(document.querySelectorAll('div.chart')).map(function (d) {
  return {
    id: d.id,
    svg: d.querySelectorAll('svg.main-svg').length,
    points: d.querySelectorAll('.scatterlayer path.point').length,
    lines: d.querySelectorAll('.scatterlayer path.js-line').length,
    bars: d.querySelectorAll('.barlayer path').length,
    legend: d.querySelectorAll('.legend .traces').length
  };
}))
"""


async def _page(
    cdp: _Cdp, url: str, screenshot: bool, timeout_s: float, script: str | None, full_page: bool = False
) -> PageResult:
    target = await cdp.send("Target.createTarget", {"url": "about:blank"})
    attached = await cdp.send("Target.attachToTarget", {"targetId": target["targetId"], "flatten": True})
    s = attached["sessionId"]
    start = len(cdp.events)
    for domain in ("Page", "Runtime", "Log", "Network"):
        await cdp.send(f"{domain}.enable", session=s)
    await cdp.send(
        "Emulation.setDeviceMetricsOverride",
        {"width": 1280, "height": 1800, "deviceScaleFactor": 1, "mobile": False},
        session=s,
    )
    await cdp.send("Page.navigate", {"url": url}, session=s)
    ready = False
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        r = await cdp.send(
            "Runtime.evaluate",
            {"expression": "window.__reportReady === true || !!window.__reportError", "returnByValue": True},
            session=s,
        )
        if r.get("result", {}).get("value") is True:
            ready = True
            break
        await asyncio.sleep(0.1)
    await asyncio.sleep(0.3)  # let late errors arrive
    info = await cdp.send(
        "Runtime.evaluate",
        {
            "expression": "JSON.stringify({ready: window.__reportReady === true, error: window.__reportError || null,"
            " title: document.title, empty: !!document.getElementById('empty-warehouse'),"
            " rows: document.querySelectorAll('table.facts tbody tr').length})",
            "returnByValue": True,
        },
        session=s,
    )
    marks = await cdp.send("Runtime.evaluate", {"expression": COUNT_MARKS, "returnByValue": True}, session=s)
    extra: Any = None
    if script:
        ran = await cdp.send("Runtime.evaluate", {"expression": script, "returnByValue": True}, session=s)
        extra = ran.get("result", {}).get("value")
    shot = b""
    if screenshot:
        params: dict[str, Any] = {"format": "png"}
        if full_page:
            size = (await cdp.send("Page.getLayoutMetrics", session=s))["cssContentSize"]
            params.update(captureBeyondViewport=True, clip={"x": 0, "y": 0, "width": size["width"], "height": size["height"], "scale": 1})
        img = await cdp.send("Page.captureScreenshot", params, session=s)
        shot = base64.b64decode(img["data"])
    errors: list[str] = []
    requests: list[str] = []
    for ev in cdp.events[start:]:
        if ev.get("sessionId") != s:
            continue
        p = ev.get("params", {})
        if ev["method"] == "Runtime.exceptionThrown":
            d = p.get("exceptionDetails", {})
            errors.append("Uncaught " + str(d.get("exception", {}).get("description") or d.get("text")))
        elif ev["method"] == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
            errors.append("console: " + " ".join(str(a.get("value", a.get("description"))) for a in p.get("args", [])))
        elif ev["method"] == "Log.entryAdded" and p.get("entry", {}).get("level") == "error":
            errors.append("log: " + str(p["entry"].get("text")))
        elif ev["method"] == "Network.requestWillBeSent":
            requests.append(str(p.get("request", {}).get("url")))
    await cdp.send("Target.closeTarget", {"targetId": target["targetId"]})
    return PageResult(
        ready=ready,
        charts=json.loads(marks["result"]["value"]),
        errors=errors,
        requests=requests,
        screenshot=shot,
        info={**json.loads(info["result"]["value"]), "script": extra},
    )


async def _open(
    urls: list[str], screenshot: bool, timeout_s: float, script: str | None, full_page: bool = False
) -> list[PageResult]:
    exe = find_chromium()
    assert exe is not None
    with tempfile.TemporaryDirectory(prefix="ccetl-chromium-") as profile:
        proc = subprocess.Popen(
            [exe, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            assert proc.stderr is not None
            ws_url = None
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                line = await asyncio.to_thread(proc.stderr.readline)
                if not line and proc.poll() is not None:
                    break
                m = re.search(r"DevTools listening on (ws://\S+)", line)
                if m:
                    ws_url = m[1]
                    break
            if ws_url is None:
                raise RuntimeError(f"chromium did not start (exit {proc.poll()})")
            async with websockets.connect(ws_url, max_size=None) as ws:
                cdp = _Cdp(ws)
                try:
                    return [await _page(cdp, url, screenshot, timeout_s, script, full_page) for url in urls]
                finally:
                    cdp.reader.cancel()
        finally:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(10)


def open_reports(
    paths: list[Path],
    *,
    screenshot: bool = True,
    timeout_s: float = 45.0,
    script: str | None = None,
    full_page: bool = False,
) -> list[PageResult]:
    """Open each page in one headless Chromium, wait until its charts have drawn; marks, errors, a screenshot each.

    ``script`` (a JavaScript expression) runs after the charts are drawn; its value is ``info["script"]``.
    """
    return asyncio.run(_open([p.resolve().as_uri() for p in paths], screenshot, timeout_s, script, full_page))
