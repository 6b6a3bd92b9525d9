"""load stage: the warehouse (SQLite or PostgreSQL), its schema, migrations and consolidation."""

from ccetl.load.warehouse import LedgerEntry, LoadItem, LoadStats, Warehouse, article_key, fact_key

__all__ = ["LedgerEntry", "LoadItem", "LoadStats", "Warehouse", "article_key", "fact_key"]
