"""Downloadable template files: the header row and one example row, in CSV or XLSX."""

import csv
import io

from .kinds import columns

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def template_file(kind, fmt):
    """Bytes of the template for `kind` in `fmt` ("csv" or "xlsx")."""
    cols = columns(kind)
    header = [c.name for c in cols]
    example = [c.example for c in cols]
    if fmt == "csv":
        out = io.StringIO(newline="")
        writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
        writer.writerow(header)
        writer.writerow(example)
        # The BOM lets Excel open the file as UTF-8.
        return out.getvalue().encode("utf-8-sig")
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(kind)
    sheet.append(header)
    # Every cell as text, so that SIRET and postcodes keep their leading zeros.
    sheet.append(example)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for cell in sheet[2]:
        cell.number_format = "@"
    for col in sheet.columns:
        sheet.column_dimensions[col[0].column_letter].width = max(14, len(str(col[0].value)) + 4)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
