"""Streaming CSV and bounded-memory XLSX of export rows; a row with a column outside the allowlist is refused."""

import io
import tempfile
from datetime import date, datetime, timezone
from decimal import Decimal

from app import csvfiles

BOM = "\ufeff"  # so that Excel opens the UTF-8 CSV with Armenian and Cyrillic letters intact


class UnreviewedColumn(RuntimeError):
    """A row carried columns that the data dictionary does not list (or missed some it does)."""


def _checked(rows, names):
    wanted = set(names)
    for row in rows:
        if set(row) != wanted:
            raise UnreviewedColumn(f"columns {sorted(set(row) ^ wanted)} differ from the data dictionary")
        yield [row[n] for n in names]


def _text(value):
    """A CSV cell: dates in ISO 8601, booleans as words; numbers stay numbers and text stays text (csvfiles)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (int, float, Decimal)):
        return value
    return str(value)


def csv_chunks(export, rows, rows_per_chunk=500):
    """The CSV as text chunks: a header, then rows in groups, never more than one group in memory."""
    buffer = io.StringIO()
    writer = csvfiles.writer(buffer, lineterminator="\r\n")
    buffer.write(BOM)
    writer.writerow(export.column_names)
    count = 0
    for values in _checked(rows, export.column_names):
        writer.writerow([_text(v) for v in values])
        count += 1
        if count % rows_per_chunk == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def xlsx_file(export, rows):
    """Write the workbook to a temporary file with XlsxWriter's constant-memory mode; return the open file."""
    import xlsxwriter

    out = tempfile.TemporaryFile()
    book = xlsxwriter.Workbook(out, {"constant_memory": True, "strings_to_numbers": False,
                                     "strings_to_formulas": False, "strings_to_urls": False})
    sheet = book.add_worksheet(export.name)
    bold = book.add_format({"bold": True})
    date_format = book.add_format({"num_format": "yyyy-mm-dd"})
    time_format = book.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
    sheet.write_row(0, 0, export.column_names, bold)
    for n, values in enumerate(_checked(rows, export.column_names), start=1):
        for col, value in enumerate(values):
            if value is None:
                continue
            if isinstance(value, bool):
                sheet.write_boolean(n, col, value)
            elif isinstance(value, datetime):
                # Excel has no time zones: UTC wall time, as the dictionary says.
                sheet.write_datetime(n, col, value.astimezone(timezone.utc).replace(tzinfo=None), time_format)
            elif isinstance(value, date):
                sheet.write_datetime(n, col, datetime(value.year, value.month, value.day), date_format)
            elif isinstance(value, (int, float, Decimal)):
                sheet.write_number(n, col, float(value))
            else:
                sheet.write_string(n, col, str(value)[:32767])  # the most an Excel cell holds
    book.close()
    out.seek(0)
    return out


def file_chunks(fh, size=64 * 1024):
    try:
        while chunk := fh.read(size):
            yield chunk
    finally:
        fh.close()
