"""Decoding: header/BOM/meta charset, GBK as GB18030, Big5, mislabelled UTF-8, undecodable bytes."""

from __future__ import annotations

import pytest

from ccetl.errors import InputError
from ccetl.parse import decode_html, parse_html
from ccetl.parse.encoding import normalise_charset

ZH = "文化及相关产业企业实现营业收入98514亿元，比上年增长2.2%。"
# 𠮷 is outside GBK but inside GB18030; 珺 is a common name character in GBK.
ZH_RARE = "珺瑶说：文化产业增加值占GDP比重达到4.43%。𠮷"
ZH_TRAD = "文化創意產業營業收入達到新高，這是國際化發展的結果。"


def _page(body: str, charset: str | None) -> str:
    meta = f'<meta charset="{charset}">' if charset else ""
    return f"<html><head>{meta}<title>t</title></head><body><div class='content'><p>{body}</p></div></body></html>"


@pytest.mark.parametrize("label", ["gb2312", "gbk", "GB2312", "x-gbk", "gb18030"])
def test_gb_family_decoded_as_gb18030(label: str) -> None:
    data = _page(ZH_RARE, label).encode("gb18030")
    assert ZH_RARE in decode_html(data)


def test_gbk_page_labelled_gb2312_with_gbk_only_chars() -> None:
    text = "镕基和喆的文化产业报告。" * 3  # 镕 and 喆 are GBK, not GB2312
    data = _page(text, "gb2312").encode("gbk")
    assert text in decode_html(data)


def test_big5_and_hkscs() -> None:
    data = _page(ZH_TRAD, "big5").encode("big5")
    assert ZH_TRAD in decode_html(data)
    hk = ZH_TRAD + "香港用字：𨋢"
    data = _page(hk, "big5").encode("big5hkscs")
    assert hk in decode_html(data)


def test_mislabelled_utf8_is_utf8() -> None:
    data = _page(ZH, "iso-8859-1").encode("utf-8")
    assert ZH in decode_html(data)
    data = _page("Café culture revenue rose 5%", "windows-1252").encode("utf-8")
    assert "Café" in decode_html(data)


def test_header_charset_wins_over_detection() -> None:
    data = _page(ZH, None).encode("gb18030")
    assert ZH in decode_html(data, {"Content-Type": "text/html; charset=GBK"})


def test_undeclared_gb_page_detected() -> None:
    data = _page(ZH * 5, None).encode("gb18030")
    assert ZH in decode_html(data)


def test_latin1_page_really_latin1() -> None:
    data = _page("Caf\u00e9 and na\u00efve r\u00e9sum\u00e9", "iso-8859-1").encode("latin-1")
    assert "Café and naïve résumé" in decode_html(data)


def test_bom() -> None:
    assert decode_html(b"\xef\xbb\xbf<p>x</p>") == "<p>x</p>"
    assert "文化" in decode_html("\ufeff<p>文化</p>".encode("utf-16"))


def test_binary_raises_input_error() -> None:
    with pytest.raises(InputError):
        decode_html(bytes(range(256)) * 20)
    with pytest.raises(InputError):
        parse_html(b"\x89PNG\r\n\x1a\n" + b"\x00" * 500, doc="x.png")


def test_random_high_bytes_not_mojibake() -> None:
    # Bytes that are not valid in any CJK codec and labelled as one: error, not mojibake.
    data = b"<html><meta charset='gbk'><p>" + b"\xff\xfe\x80\xff" * 400 + b"</p></html>"
    with pytest.raises(InputError):
        decode_html(data)


def test_normalise_charset() -> None:
    assert normalise_charset("GB2312") == "gb18030"
    assert normalise_charset("gb_2312-80") == "gb18030"
    assert normalise_charset("Big5") == "big5hkscs"
    assert normalise_charset("utf8") == "utf-8"
    assert normalise_charset("nonsense-charset") is None


def test_parse_html_gbk_end_to_end() -> None:
    art = parse_html(_page(ZH * 3, "gbk").encode("gbk"), doc="p.html")
    assert "98514亿元" in art.text
    assert art.lang == "zh-Hans"


def test_utf8_with_a_stray_byte_is_utf8() -> None:
    body = "“Culture” grew — said officials. " * 50
    for page in (f"<meta charset='utf-8'><p>{body}</p>", f"<p>{body}</p>"):
        text = decode_html(page.encode("utf-8") + b"\xff")
        assert body in text
