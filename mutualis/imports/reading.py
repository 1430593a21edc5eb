"""Read an uploaded CSV or XLSX file into rows keyed by normalised column names.

Line numbers are those of the spreadsheet: the header is line 1, the first data row
line 2; blank lines are skipped but keep their number.
"""

import csv
import datetime
import io
import unicodedata
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.utils.translation import gettext as _

SUPPORTED_SUFFIXES = (".csv", ".xlsx")
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_ROWS = 50_000
# An XLSX is a zip: what it holds once inflated is bounded too (a 300 KB file may hide a 300 MB cell).
MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024
# Reading stops after this many blank lines in a row (a sheet formatted down to its last row holds
# a million empty ones): what follows is not read at all.
MAX_BLANK_RUN = 1_000


class ImportFileError(Exception):
    """The file as a whole cannot be read (format, encoding, header): nothing is checked further."""


@dataclass
class Table:
    headers: list  # normalised column names, in file order
    rows: list = field(default_factory=list)  # (line number, {column: value})

    def __len__(self):
        return len(self.rows)


def normalise(text):
    """Lower case, no accents, single spaces: how column names and choice values are compared."""
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return " ".join(text.casefold().replace("\u00a0", " ").split())


def normalise_header(text):
    text = normalise(text).strip(" *")
    for char in " -'’.":
        text = text.replace(char, "_")
    while "__" in text:
        text = text.replace("__", "_")
    return text.strip("_")


def read_table(fileobj, filename):
    """Parse `fileobj` (bytes) as CSV or XLSX according to `filename`'s suffix."""
    suffix = Path(filename or "").suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise ImportFileError(
            _("Format non pris en charge « %(suffix)s » : déposez un fichier .csv ou .xlsx.")
            % {"suffix": suffix or "?"}
        )
    if getattr(fileobj, "size", 0) and fileobj.size > MAX_FILE_BYTES:
        raise ImportFileError(_("Le fichier dépasse 20 Mo : découpez-le en plusieurs fichiers."))
    fileobj.seek(0)
    raw_rows = _csv_rows(fileobj.read()) if suffix == ".csv" else _xlsx_rows(fileobj)
    return _build_table(raw_rows)


def _csv_rows(data):
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Older Excel versions save "CSV" in Windows-1252; accepted as a fallback.
        text = data.decode("cp1252", errors="replace")
    first_line = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first_line.count) if first_line else ","
    try:
        yield from csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    except csv.Error as exc:
        raise ImportFileError(_("Le fichier CSV est mal formé : %(error)s") % {"error": exc}) from exc


def _check_inflated_size(fileobj):
    try:
        with zipfile.ZipFile(fileobj) as archive:
            inflated = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ImportFileError(
            _("Le fichier XLSX est illisible : enregistrez-le au format Excel .xlsx ou en CSV.")
        ) from exc
    finally:
        fileobj.seek(0)
    if inflated > MAX_UNCOMPRESSED_BYTES:
        raise ImportFileError(
            _(
                "Le classeur décompressé dépasse %(max)s Mo : enregistrez seulement les données utiles, "
                "ou découpez-le en plusieurs fichiers."
            )
            % {"max": MAX_UNCOMPRESSED_BYTES // (1024 * 1024)}
        )


def _xlsx_rows(fileobj):
    from openpyxl import load_workbook

    _check_inflated_size(fileobj)
    try:
        workbook = load_workbook(fileobj, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ImportFileError(
            _("Le fichier XLSX est illisible : enregistrez-le au format Excel .xlsx ou en CSV.")
        ) from exc
    try:
        sheet = workbook.worksheets[0]
        for values in sheet.iter_rows(values_only=True):
            yield [_cell(value) for value in values]
    finally:
        workbook.close()


def _cell(value):
    """Spreadsheet cell → text; dates stay dates and whole numbers stay ints (a column that
    expects digits, as a SIRET or a postcode, restores the leading zeros a number loses)."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date() if value.time() == datetime.time(0) else value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, bool):
        return _("oui") if value else _("non")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        return format(Decimal(repr(value)), "f")
    return str(value).strip()


def _is_blank(values):
    return all(v == "" or (isinstance(v, str) and not v.strip()) for v in values)


def _build_table(raw_rows):
    rows = iter(raw_rows)
    header = next(rows, None)
    if header is None:
        raise ImportFileError(_("Le fichier est vide."))
    if _is_blank(header):
        raise ImportFileError(_("La première ligne du fichier doit porter les noms des colonnes."))
    headers = [normalise_header(h) if isinstance(h, str) else normalise_header(str(h)) for h in header]
    while headers and not headers[-1]:
        headers.pop()
    seen = set()
    for position, name in enumerate(headers, start=1):
        if not name:
            raise ImportFileError(
                _("Ligne 1 : la colonne n° %(position)s n'a pas de nom.") % {"position": position}
            )
        if name in seen:
            raise ImportFileError(_("Ligne 1 : la colonne « %(name)s » apparaît deux fois.") % {"name": name})
        seen.add(name)
    table = Table(headers=headers)
    width = len(headers)
    blank_run = 0
    for line, values in enumerate(rows, start=2):
        if _is_blank(values):
            blank_run += 1
            if blank_run >= MAX_BLANK_RUN:
                break
            continue
        blank_run = 0
        if len(table.rows) >= MAX_ROWS:
            raise ImportFileError(
                _("Le fichier dépasse %(max)s lignes : découpez-le en plusieurs fichiers.")
                % {"max": MAX_ROWS}
            )
        values = [v.strip() if isinstance(v, str) else v for v in values]
        record = dict(zip(headers, values, strict=False))
        for name in headers[len(values) :]:
            record[name] = ""
        extra = [v for v in values[width:] if v != ""]
        if extra:
            record["__extra__"] = extra
        table.rows.append((line, record))
    return table
