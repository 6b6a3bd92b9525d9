"""Guards for hostile HTML before it reaches an HTML5 tree builder.

HTML5 parsers (lexbor/selectolax, html5lib) take time quadratic in the nesting
depth of block elements: 20,000 nested <div> or <ul> cost lexbor 5-40 s. A
listing page (or an article, for the parse stage) nested that deep is hostile
or broken, so `cap_depth` removes the start/end tags beyond `limit` levels
(text and links stay) in one linear pass. Pages within the limit are returned
unchanged (the same object).
"""

from __future__ import annotations

import re

MAX_DEPTH = 400

_TAG = re.compile(rb"<(/?)([a-zA-Z][a-zA-Z0-9:-]*)[^>]*>")
# Elements that never nest (void) or whose end tag is optional and usually
# omitted (lists of <li>, <p>, table cells): they do not count as depth.
_FLAT = frozenset(
    b"area base br col embed hr img input link meta param source track wbr keygen "
    b"li p dt dd option optgroup tr td th tbody thead tfoot colgroup caption rt rp html head body a".split()
)


def max_depth(html: bytes) -> int:
    """Approximate nesting depth of the nestable elements of `html` (linear time)."""
    depth = deepest = 0
    for m in _TAG.finditer(html):
        name = m.group(2).lower()
        if name in _FLAT or m.group(0).endswith(b"/>"):
            continue
        if m.group(1):
            depth = depth - 1 if depth else 0
        else:
            depth += 1
            if depth > deepest:
                deepest = depth
    return deepest


def cap_depth(html: bytes, limit: int = MAX_DEPTH) -> bytes:
    """`html` with start/end tags nested deeper than `limit` removed (text kept)."""
    if max_depth(html) <= limit:
        return html
    out: list[bytes] = []
    pos = depth = dropped = 0
    for m in _TAG.finditer(html):
        name = m.group(2).lower()
        if name in _FLAT or m.group(0).endswith(b"/>"):
            if depth >= limit and name != b"a":
                # flat tags this deep go too: an <li> walks the stack of open elements
                out.append(html[pos:m.start()])
                pos = m.end()
            continue
        if not m.group(1):
            if depth >= limit:
                out.append(html[pos:m.start()])
                pos = m.end()
                dropped += 1
            else:
                depth += 1
        elif dropped:
            out.append(html[pos:m.start()])
            pos = m.end()
            dropped -= 1
        else:
            depth = depth - 1 if depth else 0
    out.append(html[pos:])
    return b"".join(out)
