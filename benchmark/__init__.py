"""quotebench: an evaluation benchmark for quote and speech attribution in news."""

__version__ = "0.2.0"
