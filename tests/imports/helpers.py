import csv
import io

from django.core.files.uploadedfile import SimpleUploadedFile


def csv_upload(rows, *, name="fichier.csv", delimiter=";", bom=True, encoding="utf-8"):
    """`rows` is a list of lists, the header first."""
    out = io.StringIO(newline="")
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    data = out.getvalue().encode("utf-8-sig" if bom and encoding == "utf-8" else encoding)
    return SimpleUploadedFile(name, data, content_type="text/csv")


def xlsx_upload(rows, *, name="fichier.xlsx"):
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return SimpleUploadedFile(name, out.getvalue())
