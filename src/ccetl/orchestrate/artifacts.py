"""Run-summary artifacts: a table (one row per partition) and a markdown report per run."""

from __future__ import annotations

from prefect.artifacts import create_markdown_artifact, create_table_artifact

from ccetl.orchestrate import partition as part
from ccetl.orchestrate.windows import Window, window_label


def publish_artifacts(kind: str, window: Window | None, outcomes: list[part.PartitionOutcome]) -> None:
    """The run-summary table artifact and the markdown report of a run."""
    label = window_label(window)
    create_table_artifact([o.as_row() for o in outcomes], key=f"{kind}-summary",
                          description=f"{kind} {label}: articles and indicators per partition")
    create_markdown_artifact(markdown_report(kind, label, outcomes), key=f"{kind}-report",
                             description=f"{kind} {label}: run report")


def markdown_report(kind: str, label: str, outcomes: list[part.PartitionOutcome]) -> str:
    lines = [f"# {kind.capitalize()} run: {label}", "",
             "| source | window | status | discovered | fetched | parsed | duplicates | loaded | indicators | failures |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for o in outcomes:
        s = o.stats
        lines.append(f"| {o.source} | {window_label(o.window)} | {o.status} | {s.discovered} | {s.fetched} | "
                     f"{s.parsed} | {s.duplicates} | {s.articles_loaded} | {s.indicators_loaded} | {len(s.failures)} |")
    bad = [o for o in outcomes if o.status != "success"]
    if bad:
        lines += ["", "## Failed and quarantined partitions", ""]
        lines += [f"- `{o.source}` {window_label(o.window)} **{o.status}**: {o.error}" for o in bad]
    failures = [(o.source, f) for o in outcomes for f in o.stats.failures]
    if failures:
        lines += ["", "## Failures", ""]
        lines += [f"- `{src}` {f.stage} `{f.url}`: {f.reason}" for src, f in failures[:200]]
        if len(failures) > 200:
            lines.append(f"- ... and {len(failures) - 200} more")
    return "\n".join(lines)
