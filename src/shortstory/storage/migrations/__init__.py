"""Alembic migrations of the service's database (run through ``shortstory.storage.migrate``)."""
