"""The Alembic migrations and the SQLAlchemy models describe the same schema, on both databases."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from pipeline.store import Store
from schemas.db import Base


def test_models_match_migrations(db_url):
    store = Store(db_url)
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    store.close()
    assert diff == [], f"schemas/db.py and pipeline/migrations differ: {diff}; add a migration"
