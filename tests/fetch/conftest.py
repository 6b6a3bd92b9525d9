"""Fixtures of the fetch tests: a fault server on a free port and a fast Fetcher (see fetchkit)."""

from fetchkit import fetcher, server, src

__all__ = ["fetcher", "server", "src"]
