"""Alembic's entry point. Migrations always run on a connection handed in by `centricity.collect.db.migrate`
(`python build.py collect migrate`), never from an alembic.ini, so the URL is given in one place only."""

from alembic import context

from centricity.collect.models import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations with: python build.py collect migrate --db URL")
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
