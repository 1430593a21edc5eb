import datetime
import io

import pytest

from mutualis.imports.reading import ImportFileError, normalise_header, read_table

from .helpers import csv_upload, xlsx_upload


def read(upload):
    return read_table(upload, upload.name)


@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
@pytest.mark.parametrize("bom", [True, False])
def test_csv_delimiter_and_bom_detected(delimiter, bom):
    table = read(csv_upload([["Nom", "Prénom"], ["Durand", "Zoé, dite Zo"]], delimiter=delimiter, bom=bom))
    assert table.headers == ["nom", "prenom"]
    assert table.rows == [(2, {"nom": "Durand", "prenom": "Zoé, dite Zo"})]


def test_windows_1252_csv_is_accepted():
    table = read(csv_upload([["nom", "commune"], ["Hervé", "Alençon"]], bom=False, encoding="cp1252"))
    assert table.rows[0][1]["commune"] == "Alençon"


def test_blank_lines_are_skipped_but_keep_their_number():
    table = read(csv_upload([["nom"], ["A"], [], [""], ["B"]]))
    assert [line for line, _ in table.rows] == [2, 5]


def test_short_rows_are_padded_and_extra_cells_flagged():
    table = read(csv_upload([["nom", "prenom"], ["A"], ["B", "b", "en trop"]]))
    assert table.rows[0] == (2, {"nom": "A", "prenom": ""})
    assert table.rows[1][1]["__extra__"] == ["en trop"]


def test_header_names_are_normalised():
    assert normalise_header(" Raison Sociale *") == "raison_sociale"
    assert normalise_header("Date d'adhésion") == "date_d_adhesion"
    assert normalise_header("CODE-POSTAL") == "code_postal"


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([], "vide"),
        ([[""], ["nom"]], "première ligne"),
        ([["nom", "nom"], ["a", "b"]], "deux fois"),
        ([["nom", "", "prenom"], ["a", "", "b"]], "n° 2"),
    ],
)
def test_bad_headers_refuse_the_file(rows, message):
    with pytest.raises(ImportFileError, match=message):
        read(csv_upload(rows))


def test_unsupported_format_and_broken_xlsx():
    from django.core.files.uploadedfile import SimpleUploadedFile

    with pytest.raises(ImportFileError, match=".xls"):
        read(SimpleUploadedFile("vieux.xls", b"\xd0\xcf"))
    with pytest.raises(ImportFileError, match="XLSX est illisible"):
        read(SimpleUploadedFile("faux.xlsx", b"pas un zip"))


def test_xlsx_first_sheet_and_native_values():
    upload = xlsx_upload(
        [
            ["nom", "date", "nombre", "entier", "vide"],
            ["A", datetime.datetime(2024, 2, 29), 48.4321, 61000.0, None],
        ]
    )
    table = read(upload)
    assert table.rows == [
        (
            2,
            {
                "nom": "A",
                "date": datetime.date(2024, 2, 29),
                "nombre": "48.4321",
                "entier": 61000,
                "vide": "",
            },
        )
    ]


def test_csv_bytes_io_without_size():
    table = read_table(io.BytesIO(b"a;b\r\n1;2\r\n"), "x.csv")
    assert table.rows == [(2, {"a": "1", "b": "2"})]
