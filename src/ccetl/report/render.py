"""The report page: one self-contained HTML file (plotly.js inlined, no network needed).

Every string from the warehouse goes through ``html.escape``; figure JSON sits in
``<script type="application/json">`` blocks with ``<``, ``>`` and ``&`` written as
``\\u003c`` etc., so no data can close a script element.
"""

from __future__ import annotations

import datetime as dt
import html
import json
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from ccetl.report.charts import Chart, comparison_charts, health_charts, series_charts, template, tr
from ccetl.report.data import MAX_FACT_ROWS, Fact, ReportData
from ccetl.report.fmt import Lang, fmt_period, fmt_value

UI: dict[str, dict[Lang, str]] = {
    "title": {"en": "Cultural and creative industries: indicators", "zh": "文化创意产业指标报告"},
    "generated": {"en": "Generated", "zh": "生成时间"},
    "filters": {"en": "Filters", "zh": "筛选条件"},
    "none": {"en": "none (all regions, sectors and metrics)", "zh": "无（全部地区、行业和指标）"},
    "summary": {"en": "Warehouse", "zh": "数据仓库"},
    "n_articles": {"en": "articles", "zh": "篇文章"},
    "n_facts": {"en": "indicator records", "zh": "条指标记录"},
    "n_consensus": {"en": "consolidated facts", "zh": "条合并事实"},
    "not_consolidated": {
        "en": "The consolidated facts (indicator_consensus) are missing or older than the latest load: "
        "this report consolidated the facts in memory; run the consolidation to store them.",
        "zh": "合并事实表（indicator_consensus）缺失或早于最近一次载入：本报告在内存中临时合并了指标记录，请运行合并以保存结果。",
    },
    "empty": {
        "en": "The warehouse is empty: no articles or indicators have been loaded yet. Run `ccetl run` (or `ccetl demo`) first.",
        "zh": "数据仓库为空：尚未载入任何文章或指标。请先运行 `ccetl run`（或 `ccetl demo`）。",
    },
    "no_match": {"en": "No consolidated facts match the filters.", "zh": "没有符合筛选条件的合并事实。"},
    "series": {"en": "Time series", "zh": "时间序列"},
    "series_help": {
        "en": "Solid lines with dots are reported actuals; dashed lines with open diamonds are targets; dotted lines with triangles are forecasts; red crosses mark facts on which sources disagree (hover for the figures). Points sit at the start of their period (a multi-year span at its last year).",
        "zh": "实线圆点为实际数，虚线空心菱形为目标，点线三角为预测；红色叉号表示各来源数字不一致（悬停可查看各数字）。各点位于其时期的起点（跨年时期位于最后一年）。",
    },
    "comparison": {"en": "Regions compared, latest period", "zh": "地区比较（最新时期）"},
    "no_comparison": {"en": "No period with figures for two or more regions.", "zh": "没有两个以上地区都有数据的时期。"},
    "facts": {"en": "Consolidated facts", "zh": "合并事实"},
    "facts_help": {
        "en": "Click a column heading to sort. Each fact lists its sources and the sentences quoted from the articles.",
        "zh": "点击列标题排序。每条事实列出其来源及文章原句。",
    },
    "truncated": {"en": "more facts not listed (the most-sourced are shown)", "zh": "条事实未列出（按来源数优先显示）"},
    "health": {"en": "Pipeline health", "zh": "流水线运行状况"},
    "fetch_table": {"en": "Fetch failures per source (fetch_log)", "zh": "各来源抓取失败（fetch_log）"},
    "ledger": {"en": "Partition ledger: failed, pending and missing windows", "zh": "分区台账：失败、待处理和缺失的时间窗"},
    "ledger_ok": {"en": "No failed or missing partitions.", "zh": "没有失败或缺失的分区。"},
    "no_health": {"en": "Nothing recorded yet.", "zh": "尚无记录。"},
    "region": {"en": "Region", "zh": "地区"},
    "sector": {"en": "Sector", "zh": "行业"},
    "metric": {"en": "Metric", "zh": "指标"},
    "measure": {"en": "Measure", "zh": "类型"},
    "kind": {"en": "Kind", "zh": "性质"},
    "period": {"en": "Period", "zh": "时期"},
    "value": {"en": "Value", "zh": "数值"},
    "n_sources": {"en": "Sources", "zh": "来源"},
    "conflict": {"en": "Conflict", "zh": "冲突"},
    "quotes": {"en": "Quoted sentences", "zh": "原文引句"},
    "source": {"en": "Source", "zh": "来源"},
    "requests": {"en": "Requests", "zh": "请求"},
    "failures": {"en": "Failures", "zh": "失败"},
    "last_error": {"en": "Latest failure", "zh": "最近一次失败"},
    "window": {"en": "Window", "zh": "时间窗"},
    "status": {"en": "Status", "zh": "状态"},
    "attempts": {"en": "Attempts", "zh": "尝试次数"},
    "error": {"en": "Error", "zh": "错误"},
    "gap": {"en": "gap (no partition)", "zh": "缺口（无分区）"},
    "partitions": {"en": "Partitions", "zh": "分区数"},
    "yes": {"en": "yes", "zh": "是"},
    "no": {"en": "no", "zh": "否"},
    "untitled": {"en": "article", "zh": "文章"},
    "no_link": {"en": "no link", "zh": "无链接"},
}


def ui(key: str, lang: Lang) -> str:
    return UI[key][lang]


def esc(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def safe_json(data: Any) -> str:
    """JSON that can sit inside a <script> element: <, >, & and line separators as \\u escapes."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False, default=str)
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def safe_href(url: str | None) -> str | None:
    """The URL if it is http(s) (never javascript: or data:), else None."""
    if not url:
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in ("http", "https") else None


@lru_cache(maxsize=1)
def plotly_js() -> str:
    """The plotly.js bundle shipped with the plotly package, made safe to inline."""
    from plotly.offline import get_plotlyjs

    # The bundle contains no "</script" today; escape it anyway so an upgrade cannot break the page.
    return str(get_plotlyjs()).replace("</script", "<\\/script")


CSS = """
:root { --fg:#1d1d1f; --muted:#6e6e73; --line:#d2d2d7; --bg:#fff; --accent:#1f77b4; --bad:#d62728; }
* { box-sizing: border-box; }
body { font-family: system-ui, -apple-system, "Segoe UI", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif;
       color: var(--fg); background: var(--bg); margin: 0 auto; max-width: 1200px; padding: 1.5rem; line-height: 1.45; }
h1 { font-size: 1.6rem; margin: 0 0 .3rem; } h2 { font-size: 1.25rem; margin-top: 2.2rem; border-bottom: 1px solid var(--line); }
h3 { font-size: 1rem; margin: 1.2rem 0 .2rem; }
.meta, .help, .note { color: var(--muted); font-size: .9rem; }
.notice { background: #fff4e5; border: 1px solid #f0c36d; padding: .8rem 1rem; border-radius: 6px; }
.empty { background: #f5f5f7; border: 1px solid var(--line); padding: 1.2rem; border-radius: 6px; font-size: 1.05rem; }
.chart { width: 100%; min-height: 380px; }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(520px, 1fr)); gap: 1rem; }
table { border-collapse: collapse; width: 100%; font-size: .88rem; }
th, td { border-bottom: 1px solid var(--line); padding: .35rem .45rem; text-align: left; vertical-align: top; }
th.sortable { cursor: pointer; user-select: none; white-space: nowrap; }
th.sortable::after { content: " \\2195"; color: var(--muted); }
th[aria-sort="ascending"]::after { content: " \\2191"; } th[aria-sort="descending"]::after { content: " \\2193"; }
td.num { text-align: right; white-space: nowrap; }
tr.conflict td { background: #fdecea; }
.badge { display: inline-block; padding: 0 .4rem; border-radius: 4px; font-size: .78rem; background: #eee; }
.badge.target { background: #e8f0fe; } .badge.forecast { background: #f3e8fd; } .badge.bad { background: var(--bad); color: #fff; }
details summary { cursor: pointer; color: var(--accent); }
blockquote { margin: .3rem 0 .5rem; padding-left: .6rem; border-left: 3px solid var(--line); }
.alts { font-size: .82rem; color: var(--bad); }
"""

SCRIPT = r"""
(function () {
  "use strict";
  function sortTable(th) {
    var table = th.closest("table"), tbody = table.tBodies[0];
    var idx = Array.prototype.indexOf.call(th.parentNode.children, th);
    var numeric = th.dataset.type === "num";
    var dir = th.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
    Array.prototype.forEach.call(th.parentNode.children, function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", dir);
    var rows = Array.prototype.slice.call(tbody.rows);
    rows.sort(function (a, b) {
      var x = a.cells[idx].dataset.sort || a.cells[idx].textContent;
      var y = b.cells[idx].dataset.sort || b.cells[idx].textContent;
      var c = numeric ? (parseFloat(x) || 0) - (parseFloat(y) || 0) : x.localeCompare(y);
      return dir === "ascending" ? c : -c;
    });
    rows.forEach(function (r) { tbody.appendChild(r); });
  }
  document.querySelectorAll("th.sortable").forEach(function (th) {
    th.addEventListener("click", function () { sortTable(th); });
  });
  var tpl = document.getElementById("plotly-template");
  var TEMPLATE = tpl ? JSON.parse(tpl.textContent) : {};
  var jobs = [];
  document.querySelectorAll("div.chart[data-figure]").forEach(function (div) {
    var spec = JSON.parse(document.getElementById(div.dataset.figure).textContent);
    spec.layout = spec.layout || {};
    spec.layout.template = TEMPLATE;
    var config = { responsive: true, displaylogo: false, modeBarButtonsToRemove: ["sendDataToCloud"] };
    jobs.push(Plotly.newPlot(div, spec.data || [], spec.layout || {}, config));
  });
  Promise.all(jobs).then(function () {
    window.__reportReady = true;
    document.body.setAttribute("data-ready", String(jobs.length));
  }, function (err) {
    window.__reportError = String(err);
    console.error("report: chart failed: " + err);
  });
})();
"""


def _chart_html(chart: Chart) -> str:
    data_id = f"{chart.id}-data"
    note = f'<p class="note">{esc(chart.note)}</p>' if chart.note else ""
    return (
        f'<figure class="chart-box"><h3>{esc(chart.title)}</h3>'
        f'<div class="chart" id="{esc(chart.id)}" data-figure="{esc(data_id)}"></div>{note}'
        f'<script type="application/json" id="{esc(data_id)}">{safe_json(chart.figure)}</script></figure>'
    )


def _value_cell(value: float, unit: str, lang: Lang, bound: str | None = None) -> str:
    return f'<td class="num" data-sort="{value!r}">{esc(fmt_value(value, unit, lang, bound=bound))}</td>'


def _bound(fact: Fact) -> str | None:
    """The bound word for a fact: the quotes' own bound when they agree ("at least" vs "over"), else by class."""
    if fact.bound_class == "point":
        bounds = {q.bound for q in fact.quotes}
        return "approx" if bounds == {"approx"} else None
    bounds = {q.bound for q in fact.quotes}
    if len(bounds) == 1:
        return bounds.pop()
    return {"lower": "gt", "upper": "lt"}.get(fact.bound_class)


def _quotes_html(fact: Fact, lang: Lang) -> str:
    if not fact.quotes:
        return ""
    items = []
    for q in fact.quotes:
        href = safe_href(q.url)
        title = q.title or q.url or ui("untitled", lang)
        link = (
            f'<a href="{esc(href)}" rel="noopener noreferrer" target="_blank">{esc(title)}</a>'
            if href
            else f"{esc(title)} ({esc(ui('no_link', lang))})"
        )
        when = q.published.isoformat() if q.published else ""
        figure = fmt_value(q.value, q.unit, lang, bound=q.bound if q.bound != "eq" else None)
        items.append(
            f"<li><blockquote>{esc(q.quote)}</blockquote>"
            f"{link} — {esc(q.source or '?')}{', ' + esc(when) if when else ''} · {esc(figure)}</li>"
        )
    n = len(fact.quotes)
    label = f"{n} quote{'s' if n != 1 else ''}" if lang == "en" else f"{n}条引句"
    return f"<details><summary>{esc(label)}</summary><ul>{''.join(items)}</ul></details>"


def _facts_table(facts: Sequence[Fact], data: ReportData, lang: Lang) -> str:
    names = data.names
    head = [
        ("region", "text"),
        ("sector", "text"),
        ("metric", "text"),
        ("measure", "text"),
        ("kind", "text"),
        ("period", "text"),
        ("value", "num"),
        ("n_sources", "num"),
        ("conflict", "text"),
    ]
    ths = "".join(f'<th class="sortable" data-type="{t}" scope="col">{esc(ui(k, lang))}</th>' for k, t in head)
    ths += f'<th scope="col">{esc(ui("quotes", lang))}</th>'
    body = []
    for f in facts:
        alts = ""
        if f.conflict:
            alts = "; ".join(
                f"{fmt_value(float(v['value']), f.unit, lang)} ({', '.join(v.get('sources') or []) or '?'})" for v in f.values
            )
        sources = ", ".join(f.sources)
        kind_cls = f"badge {esc(f.kind)}"
        body.append(
            f'<tr class="{"conflict" if f.conflict else ""}">'
            f"<td>{esc(names.region(f.region, lang))}</td>"
            f"<td>{esc(names.sector(f.sector, lang))}</td>"
            f"<td>{esc(names.metric(f.metric, lang))}{esc(f': {f.subject}' if f.subject else '')}</td>"
            f"<td>{esc(tr(f.measure, lang))}</td>"
            f'<td><span class="{kind_cls}">{esc(tr(f.kind, lang))}</span></td>'
            f'<td data-sort="{esc(f.period_end.isoformat() if f.period_end else "")}">{esc(fmt_period(f.period, lang))}</td>'
            + _value_cell(f.value, f.unit, lang, _bound(f))
            + f'<td class="num" data-sort="{f.n_sources}">{f.n_sources}<br><span class="note">{esc(sources)}</span></td>'
            + (
                f'<td data-sort="1"><span class="badge bad">{esc(ui("yes", lang))}</span><div class="alts">{esc(alts)}</div></td>'
                if f.conflict
                else f'<td data-sort="0">{esc(ui("no", lang))}</td>'
            )
            + f"<td>{_quotes_html(f, lang)}</td></tr>"
        )
    return f'<table class="facts"><thead><tr>{ths}</tr></thead><tbody>{"".join(body)}</tbody></table>'


def _simple_table(cols: Sequence[tuple[str, str]], rows: Iterable[Sequence[Any]]) -> str:
    ths = "".join(f'<th class="sortable" data-type="{t}" scope="col">{esc(c)}</th>' for c, t in cols)
    trs = []
    for row in rows:
        tds = []
        for (_, t), v in zip(cols, row, strict=True):
            if t == "num":
                tds.append(f'<td class="num" data-sort="{esc(v)}">{esc(v)}</td>')
            else:
                tds.append(f"<td>{esc(v)}</td>")
        trs.append(f"<tr>{''.join(tds)}</tr>")
    return f"<table><thead><tr>{ths}</tr></thead><tbody>{''.join(trs)}</tbody></table>"


def _health_html(data: ReportData, lang: Lang) -> str:
    h = data.health
    parts = [f"<h2>{esc(ui('health', lang))}</h2>"]
    charts = health_charts(h, lang)
    if charts:
        parts.append('<div class="grid">' + "".join(_chart_html(c) for c in charts) + "</div>")
    parts.append(f"<h3>{esc(ui('fetch_table', lang))}</h3>")
    if h.fetch_per_source:
        parts.append(
            _simple_table(
                [(ui("source", lang), "text"), (ui("requests", lang), "num"), (ui("failures", lang), "num"), (ui("last_error", lang), "text")],
                ([r["source"], r["requests"], r["failures"], r["last_error"] or ""] for r in h.fetch_per_source),
            )
        )
    else:
        parts.append(f'<p class="note">{esc(ui("no_health", lang))}</p>')
    parts.append(f"<h3>{esc(ui('ledger', lang))}</h3>")
    if h.ledger_summary:
        statuses = ("success", "failed", "quarantined", "pending", "running")
        parts.append(
            _simple_table(
                [(ui("source", lang), "text"), (ui("partitions", lang), "num"), *((s, "num") for s in statuses)],
                ([r["source"], r["partitions"], *(r.get(s, 0) for s in statuses)] for r in h.ledger_summary),
            )
        )
        problems: list[tuple[Any, ...]] = [
            (r["source"], f"{r['window_start']} – {r['window_end']}", r["status"], r["attempts"], r["error"] or "")
            for r in h.ledger_problems
        ]
        problems += [(g["source"], f"{g['gap_start']} – {g['gap_end']}", ui("gap", lang), 0, "") for g in h.ledger_gaps]
        if problems:
            problems.sort(key=lambda p: (str(p[0]), str(p[1])))
            parts.append(
                _simple_table(
                    [
                        (ui("source", lang), "text"),
                        (ui("window", lang), "text"),
                        (ui("status", lang), "text"),
                        (ui("attempts", lang), "num"),
                        (ui("error", lang), "text"),
                    ],
                    problems,
                )
            )
        else:
            parts.append(f'<p class="note">{esc(ui("ledger_ok", lang))}</p>')
    else:
        parts.append(f'<p class="note">{esc(ui("no_health", lang))}</p>')
    return "".join(parts)


def _filters_text(data: ReportData, lang: Lang) -> str:
    f, n = data.filters, data.names
    bits = []
    if f.region:
        bits.append(f"{ui('region', lang)}: {n.region(f.region, lang)}")
    if f.sector:
        bits.append(f"{ui('sector', lang)}: {n.sector(f.sector, lang)}")
    if f.metric:
        bits.append(f"{ui('metric', lang)}: {n.metric(f.metric, lang)}")
    return "; ".join(bits) or ui("none", lang)


def render_html(data: ReportData, lang: Lang, *, generated: dt.datetime | None = None, db_label: str = "") -> str:
    """The whole page for ``data``."""
    now = (generated or dt.datetime.now(dt.UTC)).strftime("%Y-%m-%d %H:%M UTC")
    body: list[str] = [
        f"<header><h1>{esc(ui('title', lang))}</h1>",
        f'<p class="meta">{esc(ui("generated", lang))}: {esc(now)}'
        + (f" · {esc(db_label)}" if db_label else "")
        + f"<br>{esc(ui('filters', lang))}: {esc(_filters_text(data, lang))}</p>",
    ]
    if data.empty:
        body.append(f'</header><p class="empty" id="empty-warehouse">{esc(ui("empty", lang))}</p>')
    else:
        sep = " · " if lang == "en" else "，"
        counts = sep.join(
            f"{n:,} {ui(k, lang)}" if lang == "en" else f"{n}{ui(k, lang)}"
            for n, k in ((data.n_articles, "n_articles"), (data.n_fact_rows, "n_facts"), (data.n_consensus or len(data.facts), "n_consensus"))
        )
        body.append(f'<p class="meta">{esc(ui("summary", lang))}: {esc(counts)}</p></header>')
        if not data.consolidated:
            body.append(f'<p class="notice" id="not-consolidated">{esc(ui("not_consolidated", lang))}</p>')
        body.append(f"<h2>{esc(ui('series', lang))}</h2>")
        series = series_charts(data.facts, data.names, lang)
        if series:
            body.append(f'<p class="help">{esc(ui("series_help", lang))}</p>')
            body.append('<div class="grid">' + "".join(_chart_html(c) for c in series) + "</div>")
        else:
            body.append(f'<p class="empty">{esc(ui("no_match", lang))}</p>')
        body.append(f"<h2>{esc(ui('comparison', lang))}</h2>")
        comp = comparison_charts(data.comparison, data.names, lang, data.filters.region)
        if comp:
            body.append('<div class="grid">' + "".join(_chart_html(c) for c in comp) + "</div>")
        else:
            body.append(f'<p class="note">{esc(ui("no_comparison", lang))}</p>')
        body.append(f"<h2>{esc(ui('facts', lang))}</h2>")
        shown = data.facts[:MAX_FACT_ROWS]
        if shown:
            body.append(f'<p class="help">{esc(ui("facts_help", lang))}</p>')
            body.append(_facts_table(shown, data, lang))
            if data.truncated:
                body.append(f'<p class="note">{data.truncated} {esc(ui("truncated", lang))}</p>')
        else:
            body.append(f'<p class="empty">{esc(ui("no_match", lang))}</p>')
    body.append(_health_html(data, lang))
    html_lang = "en" if lang == "en" else "zh-Hans"
    has_charts = any('class="chart"' in part for part in body)
    # plotly.js (about 4.8 MB) only when something is drawn; the page script copes with no charts.
    library = f"<script>{plotly_js()}</script>" if has_charts else ""
    template_json = (
        f'<script type="application/json" id="plotly-template">{safe_json(template())}</script>' if has_charts else ""
    )
    return (
        f'<!DOCTYPE html>\n<html lang="{html_lang}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'unsafe-inline'; "
        "style-src 'unsafe-inline'; img-src data: blob:; font-src data:\">"
        f"<title>{esc(ui('title', lang))}</title><style>{CSS}</style>"
        f"{library}</head><body>"
        + "\n".join(body)
        + template_json
        + f"<script>{SCRIPT}</script></body></html>\n"
    )
