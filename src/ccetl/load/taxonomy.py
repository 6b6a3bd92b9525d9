"""Rows for dim_region / dim_sector / dim_metric and their closure tables, from config/taxonomy/*.yaml."""

from __future__ import annotations

import hashlib
from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ccetl.errors import ConfigError

FILES = ("regions.yaml", "sectors.yaml", "metrics.yaml")


@dataclass
class Taxonomy:
    regions: list[dict[str, Any]] = field(default_factory=list)
    sectors: list[dict[str, Any]] = field(default_factory=list)
    metrics: list[dict[str, Any]] = field(default_factory=list)
    region_closure: list[dict[str, Any]] = field(default_factory=list)
    sector_closure: list[dict[str, Any]] = field(default_factory=list)
    digest: str = ""


def _read_list(path: Path) -> list[dict[str, Any]]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark is not None else ""
        raise ConfigError(f"{path}:{where} is not valid YAML") from e
    if not isinstance(data, list) or not all(isinstance(x, dict) for x in data):
        raise ConfigError(f"{path}: expected a list of mappings")
    return data


def closure(edges: Mapping[str, Iterable[str]], nodes: Iterable[str]) -> list[dict[str, Any]]:
    """(ancestor, descendant, depth) for every node and every node reachable upwards, depth 0 for itself.

    ``edges[child]`` lists the child's direct ancestors; depth is the shortest path.
    """
    out: list[dict[str, Any]] = []
    for node in nodes:
        seen: dict[str, int] = {node: 0}
        queue: deque[str] = deque([node])
        while queue:
            cur = queue.popleft()
            for up in edges.get(cur, ()):
                if up not in seen:
                    seen[up] = seen[cur] + 1
                    queue.append(up)
        out.extend({"ancestor": a, "descendant": node, "depth": d} for a, d in seen.items())
    return out


def taxonomy_digest(directory: Path) -> str:
    """sha256 over the taxonomy files (cheap: no YAML parsing)."""
    h = hashlib.sha256()
    for name in FILES:
        p = directory / name
        if p.is_file():
            h.update(p.read_bytes())
    return h.hexdigest()


def load_taxonomy(directory: Path) -> Taxonomy:
    """Read the three taxonomy files; a missing file yields an empty dimension."""
    h = hashlib.sha256()
    raw: dict[str, list[dict[str, Any]]] = {}
    for name in FILES:
        p = directory / name
        if p.is_file():
            h.update(p.read_bytes())
            raw[name] = _read_list(p)
        else:
            raw[name] = []
    tax = Taxonomy(digest=h.hexdigest())

    edges: dict[str, list[str]] = {}
    for r in raw["regions.yaml"]:
        name = str(r["name"])
        tax.regions.append(
            {
                "name": name,
                "zh": r.get("zh"),
                "zh_hant": r.get("zh_hant"),
                "level": str(r.get("level") or "unknown"),
                "parent": r.get("parent"),
                "admin_code": None if r.get("admin_code") is None else str(r["admin_code"]),
                "aliases": list(r.get("aliases") or []),
                "members": None if r.get("members") is None else list(r["members"]),
            }
        )
        if r.get("parent"):
            edges.setdefault(name, []).append(str(r["parent"]))
        for m in r.get("members") or ():
            edges.setdefault(str(m), []).append(name)
    tax.region_closure = closure(edges, [r["name"] for r in tax.regions])

    sedges: dict[str, list[str]] = {}
    for s in raw["sectors.yaml"]:
        code = str(s["code"])
        tax.sectors.append(
            {
                "code": code,
                "en": s.get("en"),
                "zh": s.get("zh"),
                "parent": s.get("parent"),
                "nbs_code": None if s.get("nbs_code") is None else str(s["nbs_code"]),
                "synonyms": s.get("synonyms"),
            }
        )
        if s.get("parent"):
            sedges.setdefault(code, []).append(str(s["parent"]))
    tax.sector_closure = closure(sedges, [s["code"] for s in tax.sectors])

    for m in raw["metrics.yaml"]:
        tax.metrics.append(
            {
                "code": str(m["code"]),
                "en": m.get("en"),
                "zh": m.get("zh"),
                "unit_hint": m.get("unit_hint"),
                "synonyms": m.get("synonyms"),
            }
        )
    return tax
