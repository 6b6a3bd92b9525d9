"""Data-quality checks run on a partition before it is loaded.

A partition that fails a check is quarantined (ledger status ``quarantined``, its
reasons in the ledger error) instead of loaded; its raw pages are still stored so
that ``ccetl reprocess`` can load it once the extractor or the rule is fixed.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field, fields, replace

from ccetl.errors import ConfigError
from ccetl.models import Indicator


@dataclass(frozen=True, slots=True)
class QualityRules:
    share_min: float = 0.0
    share_max: float = 100.0
    growth_min: float = -100.0  # percent change: nothing falls by more than all of it
    growth_max: float = 1000.0  # a tenfold jump in a year is the most a real series shows
    max_duplicate_rate: float = 0.5  # duplicates / parsed pages
    min_pages_for_duplicate_rate: int = 10
    max_bad_values: int = 0  # out-of-bounds values tolerated per partition

    @classmethod
    def from_env(cls) -> QualityRules:
        """Defaults, overridable by CCETL_DQ_<FIELD> (e.g. CCETL_DQ_MAX_DUPLICATE_RATE=0.3)."""
        base = cls()
        kw: dict[str, float | int] = {}
        for f in fields(cls):
            raw = os.environ.get(f"CCETL_DQ_{f.name.upper()}")
            if raw is not None:
                default = getattr(base, f.name)
                try:
                    kw[f.name] = type(default)(raw)
                except ValueError:
                    raise ConfigError(f"CCETL_DQ_{f.name.upper()}: not a number: {raw!r}") from None
        return replace(base, **kw)  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class CheckResult:
    name: str
    ok: bool
    detail: str


@dataclass(slots=True)
class QualityReport:
    checks: list[CheckResult] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.checks)

    def reasons(self) -> str:
        return "; ".join(f"{c.name}: {c.detail}" for c in self.checks if not c.ok)

    def as_rows(self) -> list[dict[str, object]]:
        return [{"check": c.name, "ok": c.ok, "detail": c.detail} for c in self.checks]


def check_partition(
    indicators: Sequence[Indicator], *, parsed: int, duplicates: int, rules: QualityRules | None = None
) -> QualityReport:
    """Shares within 0-100, growth within plausible bounds, duplicate rate under the limit."""
    r = rules or QualityRules()
    report = QualityReport()
    shares = [i for i in indicators if i.measure == "share" and i.unit == "percent"]
    bad_shares = [i for i in shares if not r.share_min <= i.value <= r.share_max]
    report.checks.append(
        CheckResult(
            "share_range",
            len(bad_shares) <= r.max_bad_values,
            f"{len(bad_shares)} of {len(shares)} shares outside {r.share_min:g}-{r.share_max:g}%"
            + _examples(bad_shares),
        )
    )
    growth = [i for i in indicators if i.measure == "change" and i.unit == "percent"]
    bad_growth = [i for i in growth if not r.growth_min <= i.value <= r.growth_max]
    report.checks.append(
        CheckResult(
            "growth_range",
            len(bad_growth) <= r.max_bad_values,
            f"{len(bad_growth)} of {len(growth)} growth rates outside {r.growth_min:g}..{r.growth_max:g}%"
            + _examples(bad_growth),
        )
    )
    rate = duplicates / parsed if parsed else 0.0
    dup_ok = parsed < r.min_pages_for_duplicate_rate or rate <= r.max_duplicate_rate
    report.checks.append(
        CheckResult(
            "duplicate_rate",
            dup_ok,
            f"{duplicates} of {parsed} pages duplicates ({rate:.0%}, limit {r.max_duplicate_rate:.0%})",
        )
    )
    return report


def _examples(bad: Sequence[Indicator]) -> str:
    if not bad:
        return ""
    shown = ", ".join(f"{i.value:g} in {i.doc}" for i in bad[:3])
    return f" (e.g. {shown})"
