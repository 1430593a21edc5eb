"""A tiny evaluator of the formulas our budget workbook uses (ROUND, SUM, SUMIF, IF, + - * /, cell and
range references, other sheets), in Decimal, so that tests read the totals a spreadsheet would show."""

import re
from decimal import ROUND_HALF_UP, Decimal

from openpyxl.utils.cell import coordinate_from_string, range_boundaries

REF = re.compile(r"(?:'([^']+)'|([A-Za-z][\w ]*?))?!?\$?([A-Z]{1,3})\$?(\d+)")


class Workbook:
    def __init__(self, book):
        self.book = book

    def value(self, sheet, coordinate):
        cell = self.book[sheet][coordinate.replace("$", "")]
        raw = cell.value
        if isinstance(raw, str) and raw.startswith("="):
            return self.evaluate(sheet, raw[1:])
        if isinstance(raw, int | float):
            return Decimal(str(raw))
        return raw if raw is not None else Decimal("0")

    def _range(self, sheet, text):
        sheet_name, _, area = text.rpartition("!")
        sheet_name = sheet_name.strip("'") or sheet
        min_col, min_row, max_col, max_row = range_boundaries(area.replace("$", ""))
        ws = self.book[sheet_name]
        return [
            (sheet_name, ws.cell(row=r, column=c).coordinate)
            for r in range(min_row, max_row + 1)
            for c in range(min_col, max_col + 1)
        ]

    def evaluate(self, sheet, formula):
        env = {
            "ROUND": lambda x, n: Decimal(x).quantize(Decimal(1).scaleb(-int(n)), rounding=ROUND_HALF_UP),
            "SUM": lambda *cells: sum((self._num(c) for group in cells for c in group), Decimal("0")),
            "SUMIF": lambda crit_range, crit, sum_range: sum(
                (self._num(s) for c, s in zip(crit_range, sum_range, strict=True) if self.value(*c) == crit),
                Decimal("0"),
            ),
            "IF": lambda cond, a, b: a if cond else b,
            "R": lambda text: self._range(sheet, text),
            "V": lambda s, c: self._num((s or sheet, c)),
        }
        # Ranges first (A1:B2, 'Sheet'!A1:B2), then single references.
        code = re.sub(
            r"((?:'[^']+'|[A-Za-z]+)!)?\$?[A-Z]{1,3}\$?\d+:\$?[A-Z]{1,3}\$?\d+",
            lambda m: f'R("{m.group(0)}")',
            formula,
        )

        def single(m):
            if m.group(0).startswith('R("'):
                return m.group(0)
            name = (m.group(1) or m.group(2) or "").strip("'")
            col, row = coordinate_from_string(m.group(3) + m.group(4))
            return f'V("{name}", "{col}{row}")'

        code = re.sub(
            r'R\("[^"]*"\)|(?:\'([^\']+)\'|([A-Za-z]+))?!?\$?\b([A-Z]{1,3})\$?(\d+)\b', single, code
        )
        code = re.sub(r"(?<![\w.\"])(\d+(?:\.\d+)?)(?![\w\"])", r'Decimal("\1")', code)
        code = code.replace("<=", " <= ").replace("=", "==").replace("<==", "<=").replace(">==", ">=")
        return eval(code, {"Decimal": Decimal, **env})  # our own workbook, in a test

    def _num(self, ref):
        value = self.value(*ref)
        return value if isinstance(value, Decimal) else Decimal("0")
