"""report stage: the warehouse as one self-contained HTML page (charts, facts, pipeline health).

``render_report(url, region=..., sector=..., metric=..., lang="en") -> str`` and
``write_report(url, out, ...) -> Path`` are what the CLI (`ccetl report`) and the
scheduled flow call.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path

from ccetl.load.warehouse import redact
from ccetl.report.data import load_report_data
from ccetl.report.fmt import check_lang
from ccetl.report.render import render_html


def render_report(
    url: str,
    *,
    region: str | None = None,
    sector: str | None = None,
    metric: str | None = None,
    lang: str = "en",
    generated: dt.datetime | None = None,
) -> str:
    """The report page for the warehouse at ``url`` as an HTML string.

    Filters accept canonical names, Chinese names and aliases (``Shanghai``, ``上海``);
    an unknown one raises ``InputError`` naming the nearest known names. An empty
    warehouse gives a page that says so.
    """
    language = check_lang(lang)
    data = load_report_data(url, region=region, sector=sector, metric=metric)
    return render_html(data, language, generated=generated, db_label=redact(url))


def write_report(
    url: str,
    out: str | os.PathLike[str] = "report.html",
    *,
    region: str | None = None,
    sector: str | None = None,
    metric: str | None = None,
    lang: str = "en",
) -> Path:
    """Render the report and write it to ``out`` atomically (temp file + rename); returns the absolute path."""
    page = render_report(url, region=region, sector=sector, metric=metric, lang=lang)
    path = Path(out).expanduser().resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".report-", suffix=".html", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(page)
        os.chmod(tmp, 0o644)  # mkstemp makes it 0600; a report is for sharing
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


__all__ = ["render_report", "write_report"]
