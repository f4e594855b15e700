"""Benchmarks for feedsmith: a synthetic news site, a floor, feedsmith and peers (see README.md)."""
