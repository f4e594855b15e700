"""feedsmith: turn websites that have no feed into RSS 2.0, Atom 1.0 and JSON Feed files."""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
