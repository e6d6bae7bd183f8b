"""Database chores shared by the apps' bulk writes."""

from django.db import connection, models

ANALYZE_AFTER_ROWS = 10_000


def statistics_refresh(model: type[models.Model], *, rows_written: int) -> None:
    """ANALYZE the model's table after a bulk write of at least ANALYZE_AFTER_ROWS rows (on
    PostgreSQL). Until autovacuum catches up the planner knows nothing of the new rows and may
    pass their indexes by: the challenge's eligibility check took 670 ms instead of 2 ms."""
    if rows_written >= ANALYZE_AFTER_ROWS and connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
