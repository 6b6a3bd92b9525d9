"""Settings: config/settings.yaml loaded once into a typed object.

The project root is CCETL_HOME, else the nearest folder above the working
directory holding config/settings.yaml, else the checkout this package lives in.
The warehouse URL comes from CCETL_WAREHOUSE_URL only (default: the SQLite file
under warehouse/); there are no secrets with silent defaults.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ccetl.errors import ConfigError

PACKAGE_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DB_NAME = "ccetl.sqlite"


class HttpSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")
    user_agent: str = "ccetl/0.1 (cultural-industry indicators bot)"
    timeout_s: float = 20.0
    max_retries: int = 3
    backoff_base_s: float = 0.5
    max_body_bytes: int = 10_000_000
    max_redirects: int = 5
    per_host_concurrency: int = 2
    per_host_rate_per_s: float = 5.0


class PipelineSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")
    batch_size: int = 200


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid")
    root: Path = Field(default=PACKAGE_ROOT)
    sources_file: Path = Path("config/sources.yaml")
    taxonomy_dir: Path = Path("config/taxonomy")
    http: HttpSettings = HttpSettings()
    pipeline: PipelineSettings = PipelineSettings()

    def path(self, p: Path | str) -> Path:
        p = Path(p)
        return p if p.is_absolute() else self.root / p

    @property
    def warehouse_url(self) -> str:
        return warehouse_url(self.root)


def find_root() -> Path:
    env = os.environ.get("CCETL_HOME")
    if env:
        return Path(env).resolve()
    here = Path.cwd().resolve()
    for d in (here, *here.parents):
        if (d / "config" / "settings.yaml").is_file():
            return d
    return PACKAGE_ROOT


def warehouse_url(root: Path | None = None) -> str:
    url = os.environ.get("CCETL_WAREHOUSE_URL")
    if url:
        return url
    return f"sqlite:///{(root or find_root()) / 'warehouse' / DEFAULT_DB_NAME}"


def load_settings(path: Path | None = None) -> Settings:
    root = find_root()
    path = path or root / "config" / "settings.yaml"
    data: dict[str, object] = {}
    if path.is_file():
        try:
            loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as e:
            mark = getattr(e, "problem_mark", None)
            where = f" line {mark.line + 1}" if mark is not None else ""
            raise ConfigError(f"{path}:{where} is not valid YAML") from e
        if loaded is not None and not isinstance(loaded, dict):
            raise ConfigError(f"{path}: expected a mapping at the top level")
        data = dict(loaded or {})
    try:
        return Settings(root=root, **data)  # type: ignore[arg-type]
    except ValidationError as e:
        first = e.errors()[0]
        loc = ".".join(str(x) for x in first["loc"])
        raise ConfigError(f"{path}: {loc}: {first['msg']}") from e


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return load_settings()


def redact_url(url: str) -> str:
    """The URL with any password replaced, for logs, errors and artifacts."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "<unparseable URL>"
