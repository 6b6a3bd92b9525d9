"""Plotly figures for the report, returned as plain JSON-able dicts (data + layout).

The page embeds plotly.js once and draws every figure from its JSON, so the
figures here never carry their own copy of the library.
"""

from __future__ import annotations

import datetime as dt
import html
import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ccetl.load.periods import period_bounds
from ccetl.report.data import Fact, Health, Names
from ccetl.report.fmt import Lang, axis_scale, fmt_period, fmt_value

MAX_SERIES_CHARTS = 12
MAX_TRACES = 10
PALETTE = (
    "#1f77b4",
    "#ff7f0e",
    "#2ca02c",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#17becf",
    "#bcbd22",
    "#7f7f7f",
    "#393b79",
)
CONFLICT_COLOR = "#d62728"

T: dict[str, dict[Lang, str]] = {
    "actual": {"en": "actual", "zh": "实际"},
    "target": {"en": "target", "zh": "目标"},
    "forecast": {"en": "forecast", "zh": "预测"},
    "level": {"en": "level", "zh": "总量"},
    "change": {"en": "growth rate", "zh": "增速"},
    "share": {"en": "share", "zh": "占比"},
    "rank": {"en": "rank", "zh": "排名"},
    "conflict": {"en": "conflicting figures", "zh": "来源数字不一致"},
    "sources": {"en": "sources", "zh": "个来源"},
    "period": {"en": "period (end)", "zh": "时期（截止）"},
    "articles": {"en": "articles loaded", "zh": "入库文章数"},
    "indicators": {"en": "indicators loaded", "zh": "入库指标数"},
    "requests": {"en": "requests", "zh": "请求数"},
    "failures": {"en": "failures", "zh": "失败数"},
    "succeeded": {"en": "succeeded", "zh": "成功数"},
    "day": {"en": "day loaded", "zh": "入库日期"},
    "latest": {"en": "latest period", "zh": "最新时期"},
}


def tr(key: str, lang: Lang) -> str:
    row = T.get(key)
    return row[lang] if row else key


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _iso(d: dt.date | None) -> str | None:
    return d.isoformat() if d else None


def _esc(text: str) -> str:
    """Text for plotly labels: plotly reads a few HTML-like tags, so data text is entity-escaped."""
    return html.escape(text, quote=False)


@dataclass
class Chart:
    """One figure: an id for its container, a title (plain text) and the plotly JSON."""

    id: str
    title: str
    figure: dict[str, Any]
    note: str = ""


@lru_cache(maxsize=1)
def template() -> dict[str, Any]:
    """plotly's "plotly_white" template as JSON, embedded once in the page and applied to every figure."""
    import plotly.io as pio

    layout: dict[str, Any] = json.loads(json.dumps(pio.templates["plotly_white"].layout.to_plotly_json()))
    return {"layout": layout}


class Figure:
    """A plotly figure as plain JSON (plotly.js validates it; building graph_objects is slow for big reports)."""

    def __init__(self) -> None:
        self.data: list[dict[str, Any]] = []
        self.layout: dict[str, Any] = {}

    def add_trace(self, trace: dict[str, Any]) -> None:
        self.data.append(trace)

    def json(self) -> dict[str, Any]:
        return {"data": self.data, "layout": self.layout}


def _layout(fig: Figure, *, ytitle: str, xtitle: str = "", barmode: str | None = None) -> None:
    fig.layout.update(
        height=380,
        margin={"l": 60, "r": 20, "t": 30, "b": 50},
        legend={"orientation": "h", "yanchor": "top", "y": -0.12},
        hovermode="closest",
        font={"family": "system-ui, -apple-system, 'Segoe UI', 'Noto Sans CJK SC', 'Microsoft YaHei', sans-serif"},
        xaxis={"automargin": True},
        yaxis={"title": {"text": _esc(ytitle)}, "automargin": True},
    )
    if barmode:
        fig.layout["barmode"] = barmode
    if xtitle:
        fig.layout["xaxis"]["title"] = {"text": _esc(xtitle)}


def plot_x(f: Fact) -> dt.date | None:
    """Where a fact sits on a time axis: the start of its period; a span (2021..2025) at the start of its last part."""
    if f.period and ".." in f.period:
        start, _ = period_bounds(f.period.partition("..")[2])
        return start or f.period_end
    return f.period_start or f.period_end


def _yearly(facts: Sequence[Fact]) -> bool:
    return all(f.period and all(p.strip().isdigit() for p in f.period.split("..")) for f in facts)


def _series_label(f: Fact, names: Names, lang: Lang) -> str:
    parts = [names.region(f.region, lang), names.sector(f.sector, lang)]
    if f.subject:
        parts.append(f.subject)
    return " · ".join(parts)


def _hover(f: Fact, names: Names, lang: Lang) -> str:
    bound = {"lower": "gt", "upper": "lt"}.get(f.bound_class)
    head = f"{_series_label(f, names, lang)} · {names.metric(f.metric, lang)}"
    line = f"{fmt_period(f.period, lang)}: {fmt_value(f.value, f.unit, lang, bound=bound)}"
    tail = f"{tr(f.kind, lang)}, {f.n_sources} {tr('sources', lang)}"
    text = f"{_esc(head)}<br>{_esc(line)}<br>{_esc(tail)}"
    if f.conflict:
        alts = "; ".join(
            f"{fmt_value(float(v['value']), f.unit, lang)} ({', '.join(v.get('sources') or []) or '?'})" for v in f.values
        )
        text += f"<br>{_esc(tr('conflict', lang))}: {_esc(alts)}"
    return text


def series_charts(facts: Sequence[Fact], names: Names, lang: Lang) -> list[Chart]:
    """One time-series chart per (metric, measure, unit): levels and growth rates apart; targets dashed."""
    groups: dict[tuple[str, str, str], list[Fact]] = defaultdict(list)
    for f in facts:
        if plot_x(f) is None or f.metric is None:
            continue
        groups[(f.metric, f.measure, f.unit)].append(f)
    order = sorted(groups, key=lambda k: (-len(groups[k]), k))
    measure_rank = {"level": 0, "change": 1, "share": 2, "rank": 3}
    chosen = sorted(order[:MAX_SERIES_CHARTS], key=lambda k: (k[0], measure_rank.get(k[1], 9), k[2]))
    charts: list[Chart] = []
    for i, (metric, measure, unit) in enumerate(chosen):
        items = groups[(metric, measure, unit)]
        factor, ytitle = axis_scale([f.value for f in items], unit, lang)
        fig = Figure()
        by_series: dict[tuple[str | None, str | None, str | None], list[Fact]] = defaultdict(list)
        for f in items:
            by_series[(f.region, f.sector, f.subject)].append(f)
        series = sorted(by_series, key=lambda k: (-len(by_series[k]), str(k)))
        dropped = max(len(series) - MAX_TRACES, 0)
        for si, key in enumerate(series[:MAX_TRACES]):
            color = PALETTE[si % len(PALETTE)]
            label = _series_label(by_series[key][0], names, lang)
            for kind in ("actual", "target", "forecast"):
                pts = sorted((f for f in by_series[key] if f.kind == kind), key=lambda f: plot_x(f) or dt.date.min)
                if not pts:
                    continue
                style = {
                    "actual": ({"dash": "solid"}, "circle", 8),
                    "target": ({"dash": "dash"}, "diamond-open", 12),
                    "forecast": ({"dash": "dot"}, "triangle-up-open", 11),
                }[kind]
                fig.add_trace(
                    {
                        "type": "scatter",
                        "x": [_iso(plot_x(f)) for f in pts],
                        "y": [f.value / factor for f in pts],
                        "mode": "lines+markers",
                        "name": _esc(f"{label} ({tr(kind, lang)})"),
                        "legendgroup": _esc(label),
                        "line": {"color": color, "width": 2, **style[0]},
                        "marker": {"symbol": style[1], "size": style[2], "color": color, "line": {"width": 2, "color": color}},
                        "text": [_hover(f, names, lang) for f in pts],
                        "hoverinfo": "text",
                    }
                )
        conflicts = [f for key in series[:MAX_TRACES] for f in by_series[key] if f.conflict]
        if conflicts:
            xs: list[str | None] = []
            ys: list[float] = []
            texts: list[str] = []
            for f in conflicts:
                for v in f.values or [{"value": f.value}]:
                    xs.append(_iso(plot_x(f)))
                    ys.append(float(v["value"]) / factor)
                    texts.append(_hover(f, names, lang))
            fig.add_trace(
                {
                    "type": "scatter",
                    "x": xs,
                    "y": ys,
                    "mode": "markers",
                    "name": _esc(tr("conflict", lang)),
                    "marker": {"symbol": "x-thin-open", "size": 16, "color": CONFLICT_COLOR, "line": {"width": 3, "color": CONFLICT_COLOR}},
                    "text": texts,
                    "hoverinfo": "text",
                }
            )
        _layout(fig, ytitle=ytitle)
        fig.layout["xaxis"]["type"] = "date"
        if _yearly(items):
            fig.layout["xaxis"].update(tickformat="%Y", dtick="M12")
        fig.layout["height"] = 340 + 22 * len(fig.data)
        fig.layout["showlegend"] = True  # also for a lone trace: the legend says which series and kind it is
        title = _cap(f"{names.metric(metric, lang)} — {tr(measure, lang)} ({ytitle})")
        note = ""
        if dropped:
            note = (
                f"{dropped} more series not drawn; filter with --region/--sector"
                if lang == "en"
                else f"另有{dropped}条序列未绘出，可用 --region/--sector 筛选"
            )
        charts.append(Chart(id=f"ts-{i}", title=title, figure=fig.json(), note=note))
    return charts


def comparison_charts(facts: Sequence[Fact], names: Names, lang: Lang, selected_region: str | None) -> list[Chart]:
    """Bars across regions for the latest period that two or more regions report (actuals; level and growth)."""
    charts: list[Chart] = []
    for measure in ("level", "change"):
        groups: dict[tuple[str, str | None, str, str], dict[str, Fact]] = defaultdict(dict)
        for f in facts:
            if f.kind != "actual" or f.measure != measure or f.region is None or f.metric is None or not f.period:
                continue
            best = groups[(f.metric, f.sector, f.unit, f.period)].get(f.region)
            if best is None or f.n_sources > best.n_sources:
                groups[(f.metric, f.sector, f.unit, f.period)][f.region] = f
        if not groups:
            continue

        def key_of(k: tuple[str, str | None, str, str], g: dict[tuple[str, str | None, str, str], dict[str, Fact]] = groups) -> tuple[bool, int, int]:
            end = next(iter(g[k].values())).period_end
            n = len(g[k])
            # Groups comparing 2+ regions first; among them the latest period, then the most regions.
            return (n >= 2, end.toordinal() if end else 0, n) if n >= 2 else (False, n, end.toordinal() if end else 0)

        pick = max(groups, key=key_of)
        if len(groups[pick]) < 2:
            continue  # one region is not a comparison
        metric, sector, unit, period = pick
        rows = sorted(groups[pick].values(), key=lambda f: -f.value)
        factor, ytitle = axis_scale([f.value for f in rows], unit, lang)
        fig = Figure()
        fig.add_trace(
            {
                "type": "bar",
                "x": [_esc(names.region(f.region, lang)) for f in rows],
                "y": [f.value / factor for f in rows],
                "marker": {
                    "color": [CONFLICT_COLOR if f.conflict else ("#ff7f0e" if f.region == selected_region else "#1f77b4") for f in rows]
                },
                "text": [_esc(fmt_value(f.value, f.unit, lang)) for f in rows],
                "textposition": "outside",
                "hovertext": [_hover(f, names, lang) for f in rows],
                "hoverinfo": "text",
                "cliponaxis": False,
            }
        )
        _layout(fig, ytitle=ytitle)
        title = _cap(
            f"{names.metric(metric, lang)} — {tr(measure, lang)}, {names.sector(sector, lang)}, "
            f"{fmt_period(period, lang)} ({ytitle})"
        )
        note = ""
        if any(f.conflict for f in rows):
            note = "Red bars: the sources disagree (see the table)." if lang == "en" else "红色柱：各来源数字不一致（见下表）。"
        charts.append(Chart(id=f"cmp-{measure}", title=title, figure=fig.json(), note=note))
    return charts


def health_charts(h: Health, lang: Lang) -> list[Chart]:
    """Stacked bars: articles and indicators loaded per day and source; fetch requests and failures per source."""
    charts: list[Chart] = []
    for key, rows in (("articles", h.articles_per_day), ("indicators", h.indicators_per_day)):
        if not rows:
            continue
        fig = Figure()
        sources = sorted({r["source"] for r in rows})
        for i, s in enumerate(sources):
            pts = [r for r in rows if r["source"] == s]
            fig.add_trace(
                {
                    "type": "bar",
                    "x": [r["day"] for r in pts],
                    "y": [r["n"] for r in pts],
                    "name": _esc(s),
                    "marker": {"color": PALETTE[i % len(PALETTE)]},
                }
            )
        _layout(fig, ytitle=tr(key, lang), xtitle=tr("day", lang), barmode="stack")
        fig.layout["xaxis"]["type"] = "category"
        charts.append(Chart(id=f"health-{key}", title=_cap(tr(key, lang)), figure=fig.json()))
    if h.fetch_per_source:
        rows = h.fetch_per_source
        fig = Figure()
        xs_src = [_esc(r["source"]) for r in rows]
        ok = [r["requests"] - r["failures"] for r in rows]
        fig.add_trace({"type": "bar", "x": xs_src, "y": ok, "name": tr("succeeded", lang), "marker": {"color": "#2ca02c"}})
        bad = [r["failures"] for r in rows]
        fig.add_trace({"type": "bar", "x": xs_src, "y": bad, "name": tr("failures", lang), "marker": {"color": CONFLICT_COLOR}})
        _layout(fig, ytitle=tr("requests", lang), barmode="stack")
        title = "Fetch requests and failures per source" if lang == "en" else "各来源抓取请求与失败"
        charts.append(Chart(id="health-fetch", title=title, figure=fig.json()))
    return charts
