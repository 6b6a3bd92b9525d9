"""Decoding of HTML bodies: HTTP header, BOM, <meta charset>, then detection.

GB2312/GBK are decoded as GB18030 (a superset), Big5 as Big5-HKSCS (else cp950),
and a page labelled with a single-byte charset whose bytes are valid UTF-8 is
decoded as UTF-8. A body that cannot be decoded without mojibake raises
InputError.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Mapping

from ccetl.errors import InputError

_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,300}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]{2,40})""", re.IGNORECASE
)
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]{2,40})""", re.IGNORECASE)
_XML_DECL = re.compile(rb"""<\?xml[^>]{0,200}encoding\s*=\s*["']([A-Za-z0-9_.:\-]{2,40})""", re.IGNORECASE)

# Labels mapped to the codec we actually decode with.
_ALIASES: dict[str, str] = {
    "gb2312": "gb18030",
    "gb_2312": "gb18030",
    "gb_2312-80": "gb18030",
    "gb231280": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "cp936": "gb18030",
    "ms936": "gb18030",
    "windows-936": "gb18030",
    "euc-cn": "gb18030",
    "csgb2312": "gb18030",
    "chinese": "gb18030",
    "hz-gb-2312": "hz",
    "gb18030": "gb18030",
    "big5": "big5hkscs",
    "big-5": "big5hkscs",
    "cn-big5": "big5hkscs",
    "x-x-big5": "big5hkscs",
    "csbig5": "big5hkscs",
    "big5-hkscs": "big5hkscs",
    "big5hkscs": "big5hkscs",
    "cp950": "cp950",
    "ms950": "cp950",
    "windows-950": "cp950",
    "utf8": "utf-8",
    "utf-8": "utf-8",
    "unicode-1-1-utf-8": "utf-8",
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "iso8859-1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "windows-1252": "cp1252",
    "cp1252": "cp1252",
}

# Single-byte codecs decode any bytes: they are only trusted for mostly-ASCII pages.
_SINGLE_BYTE = {"cp1252", "latin-1", "iso8859-15", "cp1251", "koi8-r", "cp1250"}

# Fallbacks tried, in order, for a codec that fails strictly.
_FALLBACKS: dict[str, tuple[str, ...]] = {
    "gb18030": ("gb18030",),
    "big5hkscs": ("big5hkscs", "cp950"),
    "cp950": ("cp950", "big5hkscs"),
}

_MAX_BAD_RATIO = 0.002  # replacement characters tolerated per decoded char (stray bytes)


def normalise_charset(label: str | None) -> str | None:
    """Map a declared charset label to a Python codec name (None if unknown)."""
    if not label:
        return None
    key = label.strip().strip("\"'").lower()
    if key in _ALIASES:
        return _ALIASES[key]
    key = key.replace("_", "-")
    if key in _ALIASES:
        return _ALIASES[key]
    key2 = key.replace("-", "")
    for k, v in _ALIASES.items():
        if k.replace("-", "") == key2:
            return v
    try:
        name = codecs.lookup(key).name
    except LookupError:
        return None
    return _ALIASES.get(name, name)


def _header_charset(headers: Mapping[str, str] | None) -> str | None:
    if not headers:
        return None
    for k, v in headers.items():
        if k.lower() == "content-type":
            m = _HEADER_CHARSET.search(v)
            if m:
                return m.group(1)
    return None


def _meta_charset(data: bytes) -> str | None:
    head = data[:8192]
    m = _META_CHARSET.search(head)
    if m:
        return m.group(1).decode("ascii", "ignore")
    m = _XML_DECL.search(head[:512])
    if m:
        return m.group(1).decode("ascii", "ignore")
    return None


def _bom(data: bytes) -> tuple[str, int] | None:
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8", 3
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        return "utf-16", 0
    return None


def _try(data: bytes, codec: str) -> str | None:
    """Decode strictly, or with a few replacement characters for stray bytes."""
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        pass
    if codec in _SINGLE_BYTE:
        return None
    try:
        text = data.decode(codec, "replace")
    except LookupError:
        return None
    bad = text.count("\ufffd")
    if bad <= max(2, int(len(text) * _MAX_BAD_RATIO)):
        return text
    return None


_CTRL = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")
_HIGH = re.compile(rb"[\x80-\xff]")


def _is_binary(data: bytes) -> bool:
    head = data[:4096]
    if not head:
        return False
    if head.count(b"\x00") > len(head) // 100 + 1:
        return True
    ctrl = len(_CTRL.findall(head))
    return ctrl > len(head) // 20 + 2


def _high_ratio(data: bytes) -> float:
    sample = data[:65536]
    if not sample:
        return 0.0
    return len(_HIGH.findall(sample)) / len(sample)


def _detect(data: bytes) -> str | None:
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover
        return None
    best = from_bytes(data[:200_000]).best()
    if best is None:
        return None
    return normalise_charset(best.encoding) or best.encoding


# The most frequent Chinese characters (simplified and traditional forms): real Chinese text has
# a high share of them among its CJK characters, text decoded with the wrong codec has few.
_COMMON_ZH = frozenset(
    "的一是不了在人有我他这个们中来上大为和国地到以说时要就出会可也你对生能而子那得于着下自之年过发后作里"
    "用道行所然家种事成方多经么去法学如都同现当没动面起看定天分还进好小部其些主样理心她本前开但因只从想实日"
    "這個們國來時說會對發後過還進當沒動現麼種經與業產為將於學開關無區長問點實體"
)
_COMMON_RX = re.compile("[" + "".join(sorted(_COMMON_ZH)) + "]")
_CJK_CHAR = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def _chinese_score(text: str) -> float:
    """Share of very common Chinese characters among the CJK characters of the text (0 if none)."""
    sample = text[:20000]
    cjk = len(_CJK_CHAR.findall(sample))
    if cjk < 10:
        return 0.0
    return len(_COMMON_RX.findall(sample)) / cjk


def decode_html(data: bytes, headers: Mapping[str, str] | None = None) -> str:
    """Decode an HTML body to text, or raise InputError when it cannot be done cleanly."""
    if not data:
        return ""
    bom = _bom(data)
    if bom is not None:
        codec, skip = bom
        try:
            return data[skip:].decode(codec)
        except UnicodeDecodeError as e:
            raise InputError(f"body has a {codec} byte-order mark but is not valid {codec}") from e
    if _is_binary(data):
        raise InputError("body is binary, not HTML text")
    if data.isascii():
        return data.decode("ascii")
    # Valid UTF-8 with non-ASCII bytes is UTF-8 whatever the label says.
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared: list[str] = []
    for label in (_header_charset(headers), _meta_charset(data)):
        norm = normalise_charset(label)
        if norm and norm not in declared:
            declared.append(norm)  # utf-8 too: a UTF-8 page with a few stray bytes
    for codec in declared:
        if codec in _SINGLE_BYTE and _high_ratio(data) > 0.05:
            # A "latin-1" page full of high bytes is usually a mislabelled CJK page.
            continue
        for c in _FALLBACKS.get(codec, (codec,)):
            text = _try(data, c)
            if text is not None:
                return text
    # Undeclared (or wrongly declared) and not UTF-8: decode with each CJK codec and keep the
    # one whose text reads like Chinese; else trust the detector.
    # UTF-8 with a few stray bytes: other encodings almost never form valid UTF-8 sequences.
    text = _try(data, "utf-8")
    if text is not None:
        return text
    best: tuple[float, str] | None = None
    # Strict decodes first (cheap), then decodes tolerating a few stray bytes (slow when the
    # codec is wrong: every bad byte goes through the error handler).
    for tolerant in (False, True):
        for c in ("gb18030", "big5hkscs", "cp950"):
            if tolerant:
                text = _try(data, c)
            else:
                try:
                    text = data.decode(c)
                except UnicodeDecodeError:
                    text = None
            if text is None:
                continue
            sc = _chinese_score(text)
            if sc >= 0.08:
                return text
            if best is None or sc > best[0]:
                best = (sc, text)
    detected = _detect(data)
    zh_codecs = ("gb18030", "big5hkscs", "cp950", "utf-8")
    single_byte_guess = detected in _SINGLE_BYTE and _high_ratio(data) > 0.05
    if detected is None or detected in zh_codecs or single_byte_guess:
        # Short or specialised Chinese text: a strict decode with a Chinese codec.
        for c in ("gb18030", "big5hkscs"):
            try:
                return data.decode(c)
            except UnicodeDecodeError:
                continue
    elif detected:
        text = _try(data, detected)
        if text is not None:
            return text
    if best is not None and best[0] >= 0.03:
        return best[1]
    for codec in declared:
        if codec in _SINGLE_BYTE:
            return data.decode(codec, "replace")
    raise InputError("cannot decode the page: no declared or detected charset fits its bytes")
