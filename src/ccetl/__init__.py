"""ccetl: news and policy articles about China's cultural and creative industries -> indicators."""

__version__ = "0.1.0"
