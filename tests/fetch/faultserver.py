"""A misbehaving HTTP server on 127.0.0.1 for the fetch tests (and bench/ soak runs).

    srv = FaultServer().start()             # a free port, a daemon thread per request
    srv.fault("/a", "status", code=503, retry_after=1)
    url = srv.url("/a")
    ...
    srv.fix("/a")                           # now /a serves a normal page
    srv.stop()

Every path without a fault serves a small HTML page. Every request is recorded
(`srv.hits`: monotonic time its connection was accepted, end time, path, headers), and the number of
requests in flight is tracked (`srv.max_active`) to check politeness.

Fault modes: status (code, retry_after, then_ok_after), reset (connection reset
mid-body), hang (accept, never answer), drip (one byte per `interval` s), truncated
(Content-Length larger than the body), huge (a close-delimited body of `size`
bytes, counting what was actually sent), huge_cl (the same with Content-Length),
gzip_bomb (`size` zero bytes gzipped), binary (random bytes as text/html),
redirect (to `location`), body (any bytes with any headers), etag (200 with an
ETag, 304 when If-None-Match matches), slow (answer after `delay` s).
"""

from __future__ import annotations

import gzip
import os
import socket
import struct
import threading
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

ENTITY_BOMB_RSS = b"""<?xml version="1.0"?>
<!DOCTYPE rss [
 <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
 <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
 <!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
]>
<rss version="2.0"><channel><title>&f;</title>
<item><title>&f;</title><link>http://127.0.0.1/bomb-article</link></item>
</channel></rss>
"""


def page_html(path: str, extra: str = "") -> bytes:
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>Page {path}</title></head>"
        f"<body><article><h1>Page {path}</h1><p>Culture and tourism revenue rose 5.6%.</p>{extra}"
        "</article></body></html>"
    ).encode()


@dataclass(slots=True)
class Hit:
    at: float
    path: str
    headers: dict[str, str]
    end: float = 0.0


@dataclass(slots=True)
class Fault:
    mode: str
    args: dict[str, Any] = field(default_factory=dict)
    count: int = 0


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.0"

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        srv = self.server.owner
        with srv.lock:
            at = srv.accepted.pop(id(self.request), time.monotonic())
        hit = Hit(at, self.path, {k.lower(): v for k, v in self.headers.items()})
        with srv.lock:
            srv.hits.append(hit)
            srv.active += 1
            srv.max_active = max(srv.max_active, srv.active)
        try:
            srv.dispatch(self)
        except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError, TimeoutError):
            pass
        finally:
            hit.end = time.monotonic()
            with srv.lock:
                srv.active -= 1

    # helpers used by the fault modes
    def send(self, code: int, body: bytes, ctype: str = "text/html; charset=utf-8",
             headers: dict[str, str] | None = None, length: int | None = None) -> None:
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        if length is not None:
            self.send_header("Content-Length", str(length))
        elif "Content-Length" not in (headers or {}):
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body:
            self.wfile.write(body)
            self.wfile.flush()

    def rst(self) -> None:
        """Close the connection with a TCP reset."""
        self.wfile.flush()
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.connection.close()
        self.close_connection = True


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 256
    owner: FaultServer

    def process_request(self, request: Any, client_address: Any) -> None:
        # stamp the connection when it is accepted, before a thread is started for it:
        # the request times used by the politeness tests should not include thread start-up
        with self.owner.lock:
            self.owner.accepted[id(request)] = time.monotonic()
        super().process_request(request, client_address)


class FaultServer:
    def __init__(self, port: int = 0) -> None:
        self.port = port
        self.faults: dict[str, Fault] = {}
        self.robots_txt: bytes | None = b"User-agent: *\nDisallow: /private/\n"
        self.robots_status = 200
        self.etags = False
        self.hits: list[Hit] = []
        self.accepted: dict[int, float] = {}
        self.active = 0
        self.max_active = 0
        self.sent: dict[str, int] = {}
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self._httpd: _Server | None = None
        self._thread: threading.Thread | None = None
        self.custom: dict[str, Callable[[_Handler], None]] = {}

    # ------------------------------------------------------------ lifecycle
    def start(self) -> FaultServer:
        httpd = _Server(("127.0.0.1", self.port), _Handler)
        httpd.owner = self
        self.port = httpd.server_address[1]
        self._httpd = httpd
        self._thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None

    def __enter__(self) -> FaultServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        return self.base + path

    # ------------------------------------------------------------ configuration
    def fault(self, path: str, mode: str, **args: Any) -> str:
        self.faults[path] = Fault(mode, args)
        return self.url(path)

    def fix(self, path: str) -> None:
        self.faults.pop(path, None)

    def hits_for(self, path: str) -> list[Hit]:
        with self.lock:
            return [h for h in self.hits if h.path == path]

    def page_hits(self) -> list[Hit]:
        with self.lock:
            return [h for h in self.hits if h.path != "/robots.txt"]

    # ------------------------------------------------------------ serving
    def dispatch(self, h: _Handler) -> None:
        path = h.path
        if path in self.custom:
            self.custom[path](h)
            return
        if path == "/robots.txt":
            if self.robots_txt is None:
                h.send(404, b"not found", "text/plain")
            else:
                h.send(self.robots_status, self.robots_txt, "text/plain")
            return
        f = self.faults.get(path.split("?", 1)[0]) or self.faults.get(path)
        if f is None:
            if self.etags:  # every normal page has a validator and answers conditional GETs
                tag = f'"{zlib.crc32(path.encode()):08x}"'
                if h.headers.get("If-None-Match") == tag:
                    h.send(304, b"", headers={"ETag": tag}, length=0)
                else:
                    h.send(200, page_html(path), headers={"ETag": tag})
                return
            h.send(200, page_html(path))
            return
        f.count += 1
        getattr(self, "_mode_" + f.mode)(h, path, f)

    def _mode_status(self, h: _Handler, path: str, f: Fault) -> None:
        ok_after = f.args.get("then_ok_after")
        if ok_after is not None and f.count > ok_after:
            h.send(200, page_html(path))
            return
        headers = {}
        if f.args.get("retry_after") is not None:
            headers["Retry-After"] = str(f.args["retry_after"])
        h.send(int(f.args.get("code", 500)), b"<html><body>error</body></html>", headers=headers)

    def _mode_reset(self, h: _Handler, path: str, f: Fault) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Content-Length", "100000")
        h.end_headers()
        h.wfile.write(b"<html><body>" + b"x" * 2000)
        h.wfile.flush()
        time.sleep(0.05)
        h.rst()

    def _mode_hang(self, h: _Handler, path: str, f: Fault) -> None:
        self.stopping.wait(float(f.args.get("max_s", 30)))
        h.close_connection = True

    def _mode_drip(self, h: _Handler, path: str, f: Fault) -> None:
        body = page_html(path)
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.wfile.flush()
        for b in body:
            if self.stopping.wait(float(f.args.get("interval", 1.0))):
                return
            h.wfile.write(bytes([b]))
            h.wfile.flush()

    def _mode_truncated(self, h: _Handler, path: str, f: Fault) -> None:
        h.send(200, b"<html><body>" + b"y" * 100, length=5000)
        h.close_connection = True

    def _huge(self, h: _Handler, path: str, f: Fault, with_length: bool) -> None:
        size = int(f.args.get("size", 50_000_000))
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        if with_length:
            h.send_header("Content-Length", str(size))
        h.end_headers()
        chunk = b"<p>" + b"z" * 65_530 + b"</p>"
        sent = 0
        try:
            h.wfile.write(b"<html><body>")
            while sent < size and not self.stopping.is_set():
                h.wfile.write(chunk)
                sent += len(chunk)
        finally:
            self.sent[path] = sent

    def _mode_huge(self, h: _Handler, path: str, f: Fault) -> None:
        self._huge(h, path, f, with_length=False)

    def _mode_huge_cl(self, h: _Handler, path: str, f: Fault) -> None:
        self._huge(h, path, f, with_length=True)

    def gzip_bomb(self, size: int) -> bytes:
        return gzip_bomb(size)

    def _mode_gzip_bomb(self, h: _Handler, path: str, f: Fault) -> None:
        body = self.gzip_bomb(int(f.args.get("size", 100_000_000)))
        h.send(200, body, headers={"Content-Encoding": "gzip"})

    def _mode_gzip(self, h: _Handler, path: str, f: Fault) -> None:
        h.send(200, gzip.compress(page_html(path)), headers={"Content-Encoding": "gzip"})

    def _mode_binary(self, h: _Handler, path: str, f: Fault) -> None:
        h.send(200, os.urandom(int(f.args.get("size", 20_000))), "text/html")

    def _mode_redirect(self, h: _Handler, path: str, f: Fault) -> None:
        h.send(int(f.args.get("code", 302)), b"", headers={"Location": f.args["location"]})

    def _mode_body(self, h: _Handler, path: str, f: Fault) -> None:
        h.send(int(f.args.get("code", 200)), f.args["body"], f.args.get("ctype", "text/html"),
               headers=f.args.get("headers"))

    def _mode_etag(self, h: _Handler, path: str, f: Fault) -> None:
        tag = f.args.get("etag", '"v1"')
        lm = "Mon, 01 Jan 2024 00:00:00 GMT"
        if h.headers.get("If-None-Match") == tag:
            h.send(304, b"", headers={"ETag": tag}, length=0)
            return
        h.send(200, page_html(path), headers={"ETag": tag, "Last-Modified": lm})

    def _mode_slow(self, h: _Handler, path: str, f: Fault) -> None:
        time.sleep(float(f.args.get("delay", 0.2)))
        h.send(200, page_html(path))


_BOMBS: dict[int, bytes] = {}


def gzip_bomb(size: int) -> bytes:
    """`size` zero bytes, gzipped (about 1000:1), built once per size."""
    if size not in _BOMBS:
        c = zlib.compressobj(9, zlib.DEFLATED, 31)
        block = b"\0" * 1_000_000
        parts = [c.compress(block) for _ in range(size // len(block))]
        parts.append(c.flush())
        _BOMBS[size] = b"".join(parts)
    return _BOMBS[size]


def closed_port() -> int:
    """A port on 127.0.0.1 with nothing listening (connection refused)."""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = int(s.getsockname()[1])
    s.close()
    return port
