"""The Flask app (factory, views, forms, templates, static assets) and freezing it into static files.
Rule: may import every lower layer (`core`, `model`, `engine`, `team`); nothing below imports it."""

from centricity.web.app import create_app

__all__ = ["create_app"]
