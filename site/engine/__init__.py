"""Answers in, a result out: scoring, myth rules, the plan, phrasing, and the response codec (files, codes).
Rule: pure Python on model objects; may import `core` and `model`; no Flask, no file or network I/O."""
