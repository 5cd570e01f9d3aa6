"""Shared facts with no dependencies: the project's error types, and the limits, patterns and registries that
Python and the browser both read. Rule: imports nothing else of the project."""
