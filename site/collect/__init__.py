"""The optional collecting server: the same site plus a JSON API for respondents' submissions and an admin
area for the consultant, on SQLite or PostgreSQL (SQLAlchemy, Alembic migrations, gunicorn).

Rule: `collect` sits on top of `web` and may import every layer below it; nothing else in the package imports
it except `cli`, which hooks in `centricity.collect.cli`. Static builds never load it, so they keep making no
requests. Importing this package is cheap (no SQLAlchemy) so the command line can list its options.
"""
