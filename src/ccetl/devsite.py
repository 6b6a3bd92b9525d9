"""A small static web server for the fixture news site (tests and `ccetl demo`).

    with serve_site(SITE_DIR) as base:        # base == "http://127.0.0.1:54321"
        httpx.get(base + "/news/rss.xml")
        base.access_log                         # [(time, method, path, headers), ...]

It serves the files under `root` on a random free loopback port from a daemon
thread, like a real site would:

- content types: .html/.htm -> ``text/html`` (no charset parameter: pages
  declare their own charset, the GBK portal page only in a meta tag), .xml ->
  ``application/rss+xml``, .txt -> ``text/plain``;
- ``ETag`` and ``Last-Modified`` headers, ``304 Not Modified`` answers to
  ``If-None-Match`` / ``If-Modified-Since``; gzip when the client accepts it;
- ``/dir`` redirects (301) to ``/dir/``, which serves ``/dir/index.html``;
- the placeholder ``{{BASE}}`` in .html/.htm/.xml/.txt files is replaced by the
  server's base URL, so feeds can carry absolute links;
- no logging to stderr; every request is recorded in memory (``access_log``).

Test helpers outside the fixture files (not linked from any page):
``/__status/<code>`` answers with that status, ``/__slow/<ms>/<path>`` serves
``<path>`` after a delay, ``/__redirect/<path>`` answers 302 to ``/<path>``.
"""

from __future__ import annotations

import email.utils
import gzip
import hashlib
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import unquote, urlsplit

from ccetl.errors import ConfigError
from ccetl.settings import find_root

__all__ = ["SITE_DIR", "AccessEntry", "DevSite", "SiteURL", "serve_site", "site_dir"]

SITE_REL = Path("tests") / "fixtures" / "site"
# The fixture site of the project root (see ccetl.settings.find_root); may not exist
# when the package is installed outside a checkout: use site_dir() to get a checked path.
SITE_DIR: Path = find_root() / SITE_REL

PLACEHOLDER = b"{{BASE}}"
SUBSTITUTED = {".html", ".htm", ".xml", ".txt"}
CONTENT_TYPES = {
    ".html": "text/html",
    ".htm": "text/html",
    ".xml": "application/rss+xml",
    ".txt": "text/plain",
    ".json": "application/json",
    ".css": "text/css",
    ".js": "application/javascript",
    ".jpg": "image/jpeg",
    ".png": "image/png",
}
GZIP_MIN_BYTES = 1024


def site_dir() -> Path:
    """The fixture site folder of the project root; ConfigError when it is missing."""
    d = find_root() / SITE_REL
    if not (d / "robots.txt").is_file():
        raise ConfigError(
            f"fixture site not found at {d} (set CCETL_HOME to a ccetl checkout or run from one)"
        )
    return d


class AccessEntry(NamedTuple):
    """One request as the server saw it."""

    time: float
    method: str
    path: str  # the request target: path and query
    headers: dict[str, str]  # header names lower-cased


class SiteURL(str):
    """The base URL (a str), carrying the server's access log."""

    site: DevSite

    @property
    def access_log(self) -> list[AccessEntry]:
        return self.site.access_log

    def __reduce__(self) -> tuple[type[str], tuple[str]]:
        # pickles / deep-copies as the plain URL string (the server stays behind)
        return (str, (str(self),))


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    site: DevSite

    def handle_error(self, request: Any, client_address: Any) -> None:
        # Clients that hang up (timeouts in tests) are normal here: stay quiet.
        pass


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    server_version = "ccetl-devsite/0.1"
    sys_version = ""
    protocol_version = "HTTP/1.1"
    timeout = 10  # idle keep-alive connections are closed after this many seconds
    disable_nagle_algorithm = True  # headers and body go out in two writes: no 40 ms delayed-ACK stalls

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - base class signature
        pass

    def do_GET(self) -> None:
        self._serve(head=False)

    def do_HEAD(self) -> None:
        self._serve(head=True)

    # ------------------------------------------------------------------ helpers

    def _send(
        self,
        status: int,
        body: bytes = b"",
        headers: dict[str, str] | None = None,
        head: bool = False,
    ) -> None:
        self.send_response(status)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        if status != HTTPStatus.NOT_MODIFIED:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body and not head and status != HTTPStatus.NOT_MODIFIED:
            self.wfile.write(body)

    def _error(self, status: int, head: bool) -> None:
        try:
            phrase = HTTPStatus(status).phrase
        except ValueError:
            phrase = "Error"
        body = f"<html><head><title>{status} {phrase}</title></head><body><h1>{status} {phrase}</h1></body></html>\n"
        self._send(status, body.encode(), {"Content-Type": "text/html"}, head)

    def _serve(self, head: bool) -> None:
        site = self.server.site
        site._record(
            AccessEntry(time.time(), self.command, self.path, {k.lower(): v for k, v in self.headers.items()})
        )
        path = unquote(urlsplit(self.path).path)
        if path.startswith("/__"):
            self._special(path, head)
            return
        self._file(path, head)

    def _special(self, path: str, head: bool) -> None:
        parts = path.split("/", 3)  # "", "__kind", arg, rest
        kind = parts[1]
        if kind == "__status" and len(parts) >= 3 and parts[2].isdigit():
            self._error(int(parts[2]), head)
        elif kind == "__slow" and len(parts) >= 3 and parts[2].isdigit():
            time.sleep(int(parts[2]) / 1000)
            self._file("/" + (parts[3] if len(parts) > 3 else ""), head)
        elif kind == "__redirect":
            target = "/" + path.split("/", 2)[2] if path.count("/") >= 2 else "/"
            self._send(HTTPStatus.FOUND, b"", {"Location": target}, head)
        else:
            self._error(HTTPStatus.NOT_FOUND, head)

    def _file(self, path: str, head: bool) -> None:
        site = self.server.site
        root = site.root
        target = (root / path.lstrip("/")).resolve()
        if not target.is_relative_to(root):
            self._error(HTTPStatus.FORBIDDEN, head)
            return
        if target.is_dir():
            if not path.endswith("/"):
                self._send(HTTPStatus.MOVED_PERMANENTLY, b"", {"Location": path + "/"}, head)
                return
            target = target / "index.html"
        if not target.is_file():
            self._error(HTTPStatus.NOT_FOUND, head)
            return
        body = target.read_bytes()
        suffix = target.suffix.lower()
        if suffix in SUBSTITUTED and PLACEHOLDER in body:
            body = body.replace(PLACEHOLDER, site.base_url.encode("ascii"))
        mtime = int(target.stat().st_mtime)
        etag = '"' + hashlib.sha1(body).hexdigest()[:20] + '"'
        last_modified = email.utils.formatdate(mtime, usegmt=True)
        headers = {
            "Content-Type": CONTENT_TYPES.get(suffix, "application/octet-stream"),
            "ETag": etag,
            "Last-Modified": last_modified,
            "Cache-Control": "max-age=60",
            "Vary": "Accept-Encoding",
        }
        if self._not_modified(etag, mtime):
            self._send(HTTPStatus.NOT_MODIFIED, b"", {"ETag": etag, "Last-Modified": last_modified}, head)
            return
        accept = self.headers.get("Accept-Encoding", "")
        if len(body) >= GZIP_MIN_BYTES and "gzip" in accept and suffix in CONTENT_TYPES:
            body = gzip.compress(body, mtime=mtime)
            headers["Content-Encoding"] = "gzip"
        self._send(HTTPStatus.OK, body, headers, head)

    def _not_modified(self, etag: str, mtime: int) -> bool:
        inm = self.headers.get("If-None-Match")
        if inm is not None:
            tags = {t.strip().removeprefix("W/") for t in inm.split(",")}
            return "*" in tags or etag in tags
        ims = self.headers.get("If-Modified-Since")
        if ims:
            try:
                since = email.utils.parsedate_to_datetime(ims)
            except (TypeError, ValueError):
                return False
            return since is not None and mtime <= since.timestamp()
        return False


class DevSite:
    """The server object behind serve_site(); start() / stop(), or use it as a context manager."""

    def __init__(self, root: Path | str, *, host: str = "127.0.0.1", port: int = 0) -> None:
        self.root = Path(root).resolve()
        if not self.root.is_dir():
            raise ConfigError(f"site folder not found: {self.root}")
        self.host = host
        self.port = port
        self.base_url = ""
        self.access_log: list[AccessEntry] = []
        self._lock = threading.Lock()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    def _record(self, entry: AccessEntry) -> None:
        with self._lock:
            self.access_log.append(entry)

    def requests(self, path: str | None = None, method: str | None = None) -> list[AccessEntry]:
        """The logged requests, optionally only those for one path (query ignored) or method."""
        with self._lock:
            log = list(self.access_log)
        return [
            e
            for e in log
            if (path is None or urlsplit(e.path).path == path) and (method is None or e.method == method)
        ]

    def start(self) -> SiteURL:
        if self._server is not None:
            raise RuntimeError("server already started")
        try:
            server = _Server((self.host, self.port), _Handler)
        except OSError as e:
            raise ConfigError(f"cannot listen on {self.host}:{self.port}: {e.strerror or e}") from e
        server.site = self
        host, port = server.server_address[:2]
        shown = "127.0.0.1" if host in ("0.0.0.0", "") else str(host)
        self.port = int(port)
        self.base_url = f"http://{shown}:{self.port}"
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, name="ccetl-devsite", daemon=True
        )
        self._thread.start()
        url = SiteURL(self.base_url)
        url.site = self
        return url

    def stop(self) -> None:
        server, thread = self._server, self._thread
        self._server = self._thread = None
        if server is not None:
            server.shutdown()
            server.server_close()
        if thread is not None:
            thread.join(timeout=5)

    def __enter__(self) -> SiteURL:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


@contextmanager
def serve_site(
    root: Path | str | None = None, *, host: str = "127.0.0.1", port: int = 0
) -> Iterator[SiteURL]:
    """Serve `root` (default: the fixture site) over HTTP; yields the base URL, e.g. http://127.0.0.1:54321."""
    site = DevSite(site_dir() if root is None else root, host=host, port=port)
    url = site.start()
    try:
        yield url
    finally:
        site.stop()
