"""Centricity: a customer-centricity maturity assessment, frozen into a static site.

Data flows one way through layered subpackages; a lower layer never imports a higher one
(`tests/test_layers.py` enforces it, `docs/architecture.md` maps them):

core -> model -> engine -> team -> web -> quality; `cli` sits on top.
"""
