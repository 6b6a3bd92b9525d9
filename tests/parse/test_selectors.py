"""Per-source CSS selectors for body, title and date override the generic extractor."""

from __future__ import annotations

import datetime as dt

from ccetl.parse import parse_html

PAGE = """<html><head><title>Site name - Section</title></head><body>
<div class="teaser"><p>A long teaser paragraph about something else entirely, written to attract clicks from readers.</p>
<p>Another long teaser paragraph that the generic extractor might like, with commas, clauses, and more words.</p></div>
<div class="story"><span class="headline">Culture revenue rises</span><span class="when">Posted 2022-03-04</span>
<div class="txt"><p>Cultural revenue rose 8 percent.</p><p>Second short line.</p></div></div>
</body></html>"""


def test_selectors() -> None:
    art = parse_html(
        PAGE, doc="s.html", body_selector="div.txt", title_selector=".headline", date_selector=".when"
    )
    assert art.text == "Cultural revenue rose 8 percent.\n\nSecond short line."
    assert art.title == "Culture revenue rises"
    assert art.published == dt.date(2022, 3, 4)


def test_bad_selector_falls_back_to_generic() -> None:
    art = parse_html(PAGE, doc="s.html", body_selector="div[[[", title_selector="h9.none")
    assert "teaser" in art.text or "Cultural revenue" in art.text
    assert art.title
