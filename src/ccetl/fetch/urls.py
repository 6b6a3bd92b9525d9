"""URL canonicalisation and the checks every URL passes before a request.

- `canonicalize(url)`: lowercase scheme and host, drop default ports, fragments
  and tracking parameters (utm_*, fbclid, gclid, spm, from, ...), keep the order
  of the other query parameters.
- `check_url(url, local=False)`: None when the URL may be fetched, else a short
  reason: non-http(s) schemes (file:, data:, javascript:, ...) are refused, and
  hosts that are private/loopback/link-local addresses (or `localhost`) unless
  the source is configured `local: true`.
"""

from __future__ import annotations

import contextlib
import ipaddress
import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import unquote, urljoin, urlsplit, urlunsplit

TRACKING_PARAMS: frozenset[str] = frozenset(
    {
        "fbclid", "gclid", "gclsrc", "dclid", "msclkid", "yclid", "igshid", "mc_cid", "mc_eid",
        "spm", "from", "scm", "share_token", "share_from", "sharer", "shareid", "share",
        "isappinstalled", "wfr", "tt_from", "tt_medium", "ref", "ref_src", "_ga", "_gl",
        "s_cid", "cmpid", "icid", "ncid", "sr_share", "vd_source", "wechat", "timestamp",
        "from_source", "share_medium", "utm",
    }
)
TRACKING_PREFIXES: tuple[str, ...] = ("utm_", "hmsr", "hmpl", "hmcu", "hmkw", "hmci", "pk_", "mtm_")



@dataclass(frozen=True, slots=True)
class Link:
    """An article URL found by discovery, with what the feed/listing said about it."""

    url: str
    published: date | None = None
    title: str | None = None
    # Sitemap <lastmod>: not a publication date, but nothing was published after it.
    lastmod: date | None = None


_DEFAULT_PORTS = {"http": 80, "https": 443}
_ALLOWED_SCHEMES = ("http", "https")


def is_tracking_param(name: str) -> bool:
    n = name.lower()
    return n in TRACKING_PARAMS or n.startswith(TRACKING_PREFIXES)


def canonicalize(url: str, base: str | None = None) -> str:
    """The canonical form of `url` (joined to `base` first when given).

    URLs that cannot be parsed are returned stripped but otherwise unchanged so
    that `check_url` can refuse them with a reason.
    """
    url = url.strip()
    if base:
        try:
            url = urljoin(base, url)
        except ValueError:
            return url
    try:
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme not in _ALLOWED_SCHEMES:
            return url
        host = (parts.hostname or "").lower().rstrip(".")
        port = parts.port
    except ValueError:
        return url
    if not host:
        return url
    with contextlib.suppress(UnicodeError):
        host = host.encode("idna").decode("ascii") if not host.isascii() else host
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    netloc = host if port is None or port == _DEFAULT_PORTS.get(scheme) else f"{host}:{port}"
    path = parts.path or "/"
    query = ""
    if parts.query:
        kept = [kv for kv in parts.query.split("&") if kv and not is_tracking_param(unquote(kv.split("=", 1)[0]))]
        query = "&".join(kept)
    return urlunsplit((scheme, netloc, path, query, ""))


def origin(url: str) -> str:
    """scheme://host[:port] of a URL (the key of per-host limits and robots.txt)."""
    p = urlsplit(url)
    return f"{p.scheme.lower()}://{p.netloc.lower()}"


def host_is_private(host: str) -> bool:
    """Loopback, private, link-local, reserved or unspecified address, or a localhost name."""
    h = host.strip("[]").lower().rstrip(".")
    if h == "localhost" or h.endswith(".localhost") or h.endswith(".local") or h.endswith(".internal"):
        return True
    try:
        ip = ipaddress.ip_address(h)
    except ValueError:
        return _numeric_ipv4_alias(h)
    return address_is_private(ip)


def address_is_private(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return bool(
        ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_reserved
        or ip.is_unspecified or ip.is_multicast
    )


def _numeric_ipv4_alias(h: str) -> bool:
    """Hosts like '2130706433', '0x7f000001' or '127.1' that resolvers read as IPv4."""
    if not re.fullmatch(r"(0x[0-9a-f]+|\d+)(\.(0x[0-9a-f]+|\d+)){0,3}", h):
        return False
    try:
        nums = [int(p, 16) if p.startswith("0x") else int(p, 8) if len(p) > 1 and p.startswith("0") else int(p)
                for p in h.split(".")]
        if len(nums) == 1:
            value = nums[0]
        else:
            value = 0
            for n in nums[:-1]:
                value = (value << 8) | n
            value = (value << (8 * (4 - len(nums) + 1))) | nums[-1]
        return address_is_private(ipaddress.IPv4Address(value))
    except (ValueError, ipaddress.AddressValueError):
        return True  # unparseable numeric host: refuse


def check_url(url: str, *, local: bool = False) -> str | None:
    """None if `url` may be requested, else a short reason."""
    try:
        parts = urlsplit(url)
        host = parts.hostname
        _ = parts.port
    except ValueError:
        return "malformed URL"
    scheme = parts.scheme.lower()
    if scheme not in _ALLOWED_SCHEMES:
        return f"refused scheme '{scheme or '(none)'}:'"
    if not host:
        return "URL has no host"
    if parts.username or parts.password:
        return "refused URL with credentials"
    if not local and host_is_private(host):
        return f"refused private address {host} (source not local)"
    return None


_URL_DATE = re.compile(r"(?<!\d)(20\d\d|19\d\d)[-/_.]?(0[1-9]|1[0-2])[-/_.]?/?([0-2]\d|3[01])(?!\d)")


def date_from_url(url: str) -> date | None:
    """A publication date written in the URL path (/2024-05/31/, /202405/t20240531_1.html, /20240531/)."""
    path = urlsplit(url).path
    m = re.search(r"/t(20\d\d)(0[1-9]|1[0-2])([0-2]\d|3[01])_", path)
    if m:
        groups = m.groups()
    else:
        m = _URL_DATE.search(path)
        if not m:
            return None
        groups = m.groups()
    try:
        return date(int(groups[0]), int(groups[1]), int(groups[2]))
    except ValueError:
        return None
