"""Bulk writes straight through the driver: executemany on SQLite, COPY on PostgreSQL."""

from datetime import date, timezone


def _sqlite_datetime(value):
    return value.astimezone(timezone.utc).replace(tzinfo=None).isoformat(" ", "microseconds")


def _sqlite_time(value):
    return value.isoformat("microseconds")


def _same(value):
    return value


class BulkWriter:
    """Insert many rows of one table per call, inside the connection's current transaction.

    Rows hold values as the driver takes them: build them with `dt()`, `d()` and `t()` (strings in SQLite's
    storage format, Python objects for PostgreSQL), so nothing is converted again value by value here.
    """

    def __init__(self, sa_connection):
        self.dialect = sa_connection.dialect.name
        self.raw = sa_connection.connection.dbapi_connection
        sqlite = self.dialect == "sqlite"
        self.dt = _sqlite_datetime if sqlite else _same
        self.d = date.isoformat if sqlite else _same
        self.t = _sqlite_time if sqlite else _same

    def without_indexes(self, table: str):
        """Drop the plain indexes of `table` (SQLite) and return a function that creates them again."""
        if self.dialect != "sqlite":
            return lambda: None
        cursor = self.raw.cursor()
        rows = cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
                              "AND sql IS NOT NULL", (table,)).fetchall()
        for name, _sql in rows:
            cursor.execute(f'DROP INDEX "{name}"')
        cursor.close()

        def restore():
            c = self.raw.cursor()
            for _name, sql in rows:
                c.execute(sql)
            c.close()

        return restore

    def insert(self, table: str, columns: tuple, rows) -> int:
        count = 0
        cursor = self.raw.cursor()
        try:
            if self.dialect == "postgresql":
                names = ", ".join(f'"{c}"' for c in columns)
                with cursor.copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:
                    for row in rows:
                        copy.write_row(row)
                        count += 1
            else:
                # Table and column names come from the models, never from input.
                sql = f'INSERT INTO "{table}" ({", ".join(columns)}) VALUES ({", ".join("?" * len(columns))})'  # noqa: S608
                batch = []
                for row in rows:
                    batch.append(row)
                    if len(batch) >= 20000:
                        cursor.executemany(sql, batch)
                        count += len(batch)
                        batch.clear()
                if batch:
                    cursor.executemany(sql, batch)
                    count += len(batch)
        finally:
            cursor.close()
        return count

    def reset_sequence(self, table: str):
        """After explicit ids on PostgreSQL, move the id sequence past them."""
        if self.dialect == "postgresql":
            cursor = self.raw.cursor()
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "  # noqa: S608 - a model's table
                           f"COALESCE((SELECT MAX(id) FROM \"{table}\"), 1))")
            cursor.close()
