"""Sources: config/sources.yaml validated into typed `SourceConfig` records.

The file is a mapping with a `sources:` list (and an optional `defaults:`
mapping merged under every entry), or a bare list of sources. Every error is a
`ConfigError` naming the file and the line of the offending entry or field::

    config/sources.yaml:12: source 'x': unknown kind 'rs' (expected rss, atom, sitemap, listing, urls)

`${VAR}` inside string values is replaced from the environment; an unset
variable is an error (there are no silent defaults). `$${` writes a literal `${`.
See the comment block at the top of config/sources.live.yaml for the format.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from ccetl.errors import ConfigError

KINDS: tuple[str, ...] = ("rss", "atom", "sitemap", "listing", "urls")
LANGS: tuple[str, ...] = ("en", "zh-Hans", "zh-Hant")
Kind = Literal["rss", "atom", "sitemap", "listing", "urls"]
Lang = Literal["en", "zh-Hans", "zh-Hant"]

_VAR = re.compile(r"\$\$\{|\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")
_STR_TAG = "tag:yaml.org,2002:str"


class Selectors(BaseModel):
    """Optional CSS selectors for the parse stage, per source."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    title: str | None = None
    body: str | None = None
    date: str | None = None


class ListingConfig(BaseModel):
    """How to read archive/index pages of a `listing` source."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    link_selector: str
    next_selector: str | None = None
    # e.g. "https://x/list/index_{page}.html" or "https://x/{date:%Y%m%d}/index.html"
    page_url_pattern: str | None = None
    # The number {page} takes for the second listing page (the start URL is the first).
    first_page: int = Field(default=2, ge=0)
    max_pages: int = Field(default=5, ge=1, le=1000)

    @field_validator("link_selector", "next_selector")
    @classmethod
    def _selector(cls, v: str | None) -> str | None:
        if v is not None and not v.strip():
            raise ValueError("must not be empty")
        return v

    @field_validator("page_url_pattern")
    @classmethod
    def _pattern(cls, v: str | None) -> str | None:
        if v is None:
            return v
        if "{page}" not in v and not re.search(r"\{date:[^}]+\}", v):
            raise ValueError("must contain {page} or {date:FORMAT}")
        if not v.startswith(("http://", "https://")):
            raise ValueError("must be an http(s) URL")
        return v


class SourceConfig(BaseModel):
    """One source of article URLs."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    name: str
    kind: Kind
    url: str | None = None
    urls: tuple[str, ...] = ()
    lang: Lang | None = None
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    selectors: Selectors | None = None
    listing: ListingConfig | None = None
    rate_limit_per_s: float | None = Field(default=None, gt=0)
    concurrency: int | None = Field(default=None, ge=1, le=64)
    enabled: bool = True
    local: bool = False
    group: str = "news"
    verified: bool | None = None
    notes: str | None = None

    @property
    def can_backfill(self) -> bool:
        """Whether past windows can be discovered (feeds only show recent items)."""
        return self.kind in ("sitemap", "listing", "urls")

    @field_validator("name")
    @classmethod
    def _name(cls, v: str) -> str:
        if not _NAME.match(v):
            raise ValueError("name must be letters, digits, '_', '-' or '.'")
        return v

    @field_validator("include", "exclude")
    @classmethod
    def _regexes(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        for pat in v:
            try:
                re.compile(pat)
            except re.error as e:
                raise ValueError(f"bad regex {pat!r}: {e}") from e
        return v

    @field_validator("url")
    @classmethod
    def _url(cls, v: str | None) -> str | None:
        if v is not None and not v.startswith(("http://", "https://")):
            raise ValueError(f"not an http(s) URL: {v!r}")
        return v

    @field_validator("urls")
    @classmethod
    def _urls(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        for u in v:
            if not u.startswith(("http://", "https://")):
                raise ValueError(f"not an http(s) URL: {u!r}")
        return v

    @model_validator(mode="after")
    def _by_kind(self) -> SourceConfig:
        if self.kind == "urls":
            if not self.urls:
                raise ValueError("kind 'urls' needs a non-empty 'urls' list")
        elif not self.url:
            raise ValueError(f"kind '{self.kind}' needs 'url'")
        if self.kind == "listing" and self.listing is None:
            raise ValueError("kind 'listing' needs a 'listing' block with 'link_selector'")
        if self.kind != "listing" and self.listing is not None:
            raise ValueError(f"'listing' block is only for kind 'listing', not '{self.kind}'")
        return self

    def matches(self, url: str) -> bool:
        """Include/exclude patterns (re.search) applied to a URL."""
        if self.include and not any(re.search(p, url) for p in self.include):
            return False
        return not any(re.search(p, url) for p in self.exclude)


# ---------------------------------------------------------------- loading


def _expand_env(node: yaml.Node, path: str) -> None:
    """Replace ${VAR} in every string scalar of the node tree, in place."""
    if isinstance(node, yaml.ScalarNode):
        if node.tag != _STR_TAG or "$" not in node.value:
            return

        def sub(m: re.Match[str]) -> str:
            if m.group(0) == "$${":
                return "${"
            var = m.group(1)
            val = os.environ.get(var)
            if val is None:
                raise ConfigError(
                    f"{path}:{node.start_mark.line + 1}: environment variable {var} is not set"
                )
            return val

        node.value = _VAR.sub(sub, node.value)
    elif isinstance(node, yaml.SequenceNode):
        for child in node.value:
            _expand_env(child, path)
    elif isinstance(node, yaml.MappingNode):
        for _k, v in node.value:
            _expand_env(v, path)


def _key_lines(node: yaml.Node) -> dict[str, int]:
    out: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for k, _v in node.value:
            if isinstance(k, yaml.ScalarNode):
                out[str(k.value)] = k.start_mark.line + 1
    return out


def _compose(text: str, path: str) -> tuple[yaml.Node | None, yaml.SafeLoader]:
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = f"{mark.line + 1}" if mark is not None else "?"
        problem = e.problem or "syntax error"
        loader.dispose()
        raise ConfigError(f"{path}:{line}: not valid YAML: {problem}") from e
    except yaml.YAMLError as e:
        loader.dispose()
        raise ConfigError(f"{path}: not valid YAML: {e}") from e
    return node, loader


def parse_sources(text: str, path: str = "<sources>") -> list[SourceConfig]:
    """Validate sources from YAML text; `path` is used in error messages."""
    node, loader = _compose(text, path)
    try:
        if node is None:
            return []
        _expand_env(node, path)
        defaults: dict[str, Any] = {}
        items_node: yaml.Node | None = node
        if isinstance(node, yaml.MappingNode):
            keys = _key_lines(node)
            unknown = [k for k in keys if k not in ("sources", "defaults")]
            if unknown:
                raise ConfigError(
                    f"{path}:{keys[unknown[0]]}: unknown top-level key '{unknown[0]}' "
                    "(expected sources, defaults)"
                )
            items_node = None
            for k, v in node.value:
                if k.value == "sources":
                    items_node = v
                elif k.value == "defaults":
                    d = loader.construct_object(v, deep=True)
                    if d is not None and not isinstance(d, dict):
                        raise ConfigError(f"{path}:{v.start_mark.line + 1}: 'defaults' must be a mapping")
                    defaults = dict(d or {})
                    if "name" in defaults or "kind" in defaults:
                        raise ConfigError(
                            f"{path}:{v.start_mark.line + 1}: 'defaults' cannot set name or kind"
                        )
            if items_node is None:
                raise ConfigError(f"{path}:{node.start_mark.line + 1}: no 'sources' list")
        assert items_node is not None
        if isinstance(items_node, yaml.ScalarNode) and items_node.value in ("", "~", "null"):
            return []
        if not isinstance(items_node, yaml.SequenceNode):
            raise ConfigError(f"{path}:{items_node.start_mark.line + 1}: 'sources' must be a list")

        out: list[SourceConfig] = []
        first_line: dict[str, int] = {}
        for item in items_node.value:
            line = item.start_mark.line + 1
            if not isinstance(item, yaml.MappingNode):
                raise ConfigError(f"{path}:{line}: each source must be a mapping")
            raw = loader.construct_object(item, deep=True)
            assert isinstance(raw, dict)
            key_lines = _key_lines(item)
            name = raw.get("name")
            label = f"source '{name}'" if isinstance(name, str) and name else "source"
            if not isinstance(name, str) or not name:
                raise ConfigError(f"{path}:{line}: {label}: missing 'name'")
            kind = raw.get("kind")
            if kind is None:
                raise ConfigError(f"{path}:{line}: {label}: missing 'kind' (expected {', '.join(KINDS)})")
            if kind not in KINDS:
                kl = key_lines.get("kind", line)
                raise ConfigError(f"{path}:{kl}: {label}: unknown kind '{kind}' (expected {', '.join(KINDS)})")
            if name in first_line:
                raise ConfigError(
                    f"{path}:{line}: {label}: duplicate name (first defined at line {first_line[name]})"
                )
            first_line[name] = line
            merged = {**defaults, **raw}
            try:
                src = SourceConfig.model_validate(merged)
            except ValidationError as e:
                err = e.errors()[0]
                loc = [str(x) for x in err["loc"]]
                field_name = loc[0] if loc else ""
                where = key_lines.get(field_name, line)
                msg = str(err["msg"]).removeprefix("Value error, ")
                if err["type"] == "extra_forbidden":
                    msg = f"unknown field '{'.'.join(loc)}'"
                elif err["type"] == "missing":
                    msg = f"missing '{'.'.join(loc)}'"
                elif loc:
                    msg = f"{'.'.join(loc)}: {msg}"
                raise ConfigError(f"{path}:{where}: {label}: {msg}") from e
            out.append(src)
        return out
    except yaml.YAMLError as e:
        raise ConfigError(f"{path}: not valid YAML: {e}") from e
    finally:
        loader.dispose()


def load_sources(path: Path) -> list[SourceConfig]:
    """Read and validate a sources file (all entries, enabled or not)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as e:
        raise ConfigError(f"{path}: cannot read sources file: {e.strerror or e}") from e
    except UnicodeDecodeError as e:
        raise ConfigError(f"{path}: sources file is not UTF-8") from e
    return parse_sources(text, str(path))


def get_source(sources: list[SourceConfig], name: str) -> SourceConfig:
    """The source called `name`, or a ConfigError listing the known names."""
    for s in sources:
        if s.name == name:
            return s
    known = ", ".join(s.name for s in sources) or "none"
    raise ConfigError(f"unknown source '{name}' (known: {known})")
