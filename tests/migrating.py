"""Moving the test database to a migration and back, for the tests of data migrations."""

from __future__ import annotations

from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate(target) -> MigrationExecutor:
    """Migrate to ``target`` (a list of (app, migration) nodes); the executor returned knows the graph after."""
    executor = MigrationExecutor(connection)
    executor.migrate(target)
    executor.loader.build_graph()
    return executor


def migrate_to_latest() -> MigrationExecutor:
    return migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
