"""Insert many rows at once: PostgreSQL's COPY where available, bulk_create elsewhere."""

from collections.abc import Iterable
from io import StringIO

from django.db import connection

from dashboards import versioning

BATCH = 5000


def insert_rows(model, fields: list[str], rows: Iterable[tuple]) -> int:
    """Insert rows, each a tuple of values for `fields` (attribute names: `force_id`), and
    return how many. The rows get no primary keys back, so nothing may refer to them yet.

    COPY skips building an INSERT statement and a model instance per row, which is most of the
    cost of a hundred thousand rows; PostgreSQL checks the same constraints either way. Every
    column without a database default must be named, as COPY applies no Django default.
    """
    if connection.vendor != "postgresql":
        objects = [model(**dict(zip(fields, row, strict=True))) for row in rows]
        model.objects.bulk_create(objects, batch_size=BATCH)
        return len(objects)
    columns = {f.attname: f.column for f in model._meta.concrete_fields}
    missing = [
        name
        for name, field in ((f.attname, f) for f in model._meta.concrete_fields)
        if name not in fields and not field.primary_key and not field.null
    ]
    if missing:
        raise ValueError(f"insert_rows needs every column without a default: {missing}")
    buffer, count = StringIO(), 0
    for row in rows:
        buffer.write("\t".join(map(_copy_text, row)))
        buffer.write("\n")
        count += 1
    buffer.seek(0)
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.copy_expert(
            f"COPY {quote(model._meta.db_table)} "
            f"({', '.join(quote(columns[name]) for name in fields)}) FROM STDIN",
            buffer,
        )
    versioning.data_changed(connection)  # COPY passes by the watch on Django's statements
    return count


_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_text(value) -> str:
    """A value in COPY's text format: \\N for null, with backslash, tab and newlines escaped."""
    if value is None:
        return "\\N"
    if isinstance(value, str):
        return value.translate(_ESCAPES)
    if type(value) is bool:
        return "t" if value else "f"
    return str(value)  # numbers, dates and times: str() is what PostgreSQL reads
