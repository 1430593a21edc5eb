"""Every CSV and XLSX the platform hands out goes through here (one place for two rules).

- **Nothing runs when the file is opened.** A text cell that a spreadsheet would read as a formula
  (starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) is written with a leading
  apostrophe, the OWASP advice: the user sees the text, the program never evaluates it. Numbers stay
  numbers (a negative amount is not text).
- **Nothing breaks on old data.** Control characters (which XLSX cannot hold and which the input
  validator now refuses) are dropped from text cells.
- **French Excel opens the CSV as it is**: UTF-8 with a BOM, « ; » between cells, decimal comma,
  dates as dd/mm/yyyy. The XLSX keeps numbers and dates typed.
"""

import datetime
import re
from decimal import Decimal

import tablib
from django.http import HttpResponse
from django.utils.functional import Promise

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# C0 controls except tab, line feed and carriage return, and DEL (as `mutualis.core.fields` refuses).
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def strip_control_characters(text: str) -> str:
    return CONTROL_CHARACTERS.sub("", text)


def safe_text(value) -> str:
    """A text cell that cannot run as a formula and holds no control character."""
    text = strip_control_characters(str(value))
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def cell(value):
    """A value ready for a dataset: numbers and dates kept as they are, everything else safe text."""
    if value is None:
        return ""
    if isinstance(value, Promise):
        return safe_text(value)
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float | Decimal | datetime.date):
        return value
    return safe_text(value)


def _csv_value(value):
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, Decimal | float):
        return (format(value, "f") if isinstance(value, Decimal) else repr(value)).replace(".", ",")
    if isinstance(value, datetime.datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return value


def dataset(headers, rows, *, title=""):
    """A tablib dataset whose every cell went through `cell`."""
    data = tablib.Dataset(title=safe_text(title)[:31] if title else None)
    data.headers = [safe_text(h) for h in headers]
    for row in rows:
        data.append([cell(v) for v in row])
    return data


def export(data, export_format) -> bytes | str:
    """`data` (a dataset built by `dataset`) as CSV for French Excel or as XLSX."""
    if export_format == "csv":
        french = tablib.Dataset(headers=data.headers)
        for row in data:
            french.append([_csv_value(v) for v in row])
        return "\ufeff" + french.export("csv", delimiter=";")
    return data.export("xlsx")


def response(headers, rows, *, export_format, filename, title=""):
    """A download of `rows` as CSV or XLSX, named `filename` + the format's suffix."""
    content = export(dataset(headers, rows, title=title), export_format)
    answer = HttpResponse(content, content_type=CONTENT_TYPES[export_format])
    answer["Content-Disposition"] = f'attachment; filename="{filename}.{export_format}"'
    return answer
