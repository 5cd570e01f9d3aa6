"""The optional collecting server: the same site plus a JSON API for respondents' submissions and an admin
area for the consultant, on SQLite or PostgreSQL (SQLAlchemy, Alembic migrations, gunicorn).

Rule: sits on top of `web` and may import every layer below it (`core`, `model`, `engine`, `team`, `web`);
nothing else imports it except `cli`, which hooks in `centricity.collect.cli`. Static builds never load it,
so they keep making no requests. Importing this package is cheap (no SQLAlchemy), so the command line can
list its options.
"""
