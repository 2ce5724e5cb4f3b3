"""Bulk writes that any app can use on its own models."""

from django.db import connection


def copy_update(model, columns: list[tuple[str, str]], rows: list[tuple]) -> None:
    """UPDATE many rows of `model` by id through COPY into a temporary table: one statement,
    not a CASE expression per row (Django's bulk_update), which is slow for thousands of rows.

    `columns` are (column, PostgreSQL type) pairs; each row is (id, *values). The model's
    table name comes from the model, so this names no app's table itself.
    """
    if not rows:
        return
    table = model._meta.db_table
    stage = f"bulk_update_{table}"
    names = ", ".join(name for name, _ in columns)
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMP TABLE IF NOT EXISTS {stage} (id bigint, "
            + ", ".join(f"{name} {kind}" for name, kind in columns)
            + ") ON COMMIT DELETE ROWS"
        )
        cursor.execute(f"TRUNCATE {stage}")
        with cursor.copy(f"COPY {stage} (id, {names}) FROM STDIN") as copy:
            copy.set_types(["bigint", *(kind for _, kind in columns)])
            for row in rows:
                copy.write_row(row)
        assignments = ", ".join(f"{name} = s.{name}" for name, _ in columns)
        cursor.execute(f"UPDATE {table} t SET {assignments} FROM {stage} s WHERE t.id = s.id")
