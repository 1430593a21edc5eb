"""Check every row of a table: the row form, then references and duplicates across the file."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .kinds import get_spec
from .reading import ImportFileError

PROGRESS_EVERY = 500


@dataclass
class Report:
    valid: list = field(default_factory=list)  # cleaned rows, in file order
    errors: list = field(default_factory=list)  # {"line", "column", "message"}, by line then column order
    total: int = 0

    @property
    def error_lines(self):
        return sorted({e["line"] for e in self.errors})


def check_headers(kind, headers):
    """Refuse a file whose header lacks a required column or has an unknown one (a typo loses data)."""
    spec = get_spec(kind)
    fields = spec.form_class.base_fields
    missing = [name for name, f in fields.items() if f.required and name not in headers]
    unknown = [name for name in headers if name not in fields]
    problems = []
    if missing:
        problems.append(_("colonnes obligatoires absentes : %(names)s") % {"names": ", ".join(missing)})
    if unknown:
        problems.append(
            _("colonnes inconnues : %(names)s (colonnes possibles : %(expected)s)")
            % {"names": ", ".join(unknown), "expected": ", ".join(fields)}
        )
    if problems:
        raise ImportFileError(_("Ligne 1 (en-tête) : %(problems)s.") % {"problems": " ; ".join(problems)})


def validate_table(*, kind, group, table, progress=None):
    """Check `table` for `group`; `progress(done, total)` is called every few hundred rows."""
    check_headers(kind, table.headers)
    spec = get_spec(kind)
    order = {name: i for i, name in enumerate(spec.form_class.base_fields)}
    context = spec.load_context(group)
    errors = []
    bad_lines = set()

    def add(line, column, message):
        errors.append({"line": line, "column": column, "message": str(message)})
        bad_lines.add(line)

    candidates = []
    total = len(table.rows)
    # One form instance, re-bound to each row: building a form per row deep-copies all its fields
    # and costs more than the checks themselves on a 10,000-row file. full_clean() starts afresh
    # from `data` each time (new cleaned_data and errors).
    form = spec.form_class(data={})
    for done, (line, record) in enumerate(table.rows, start=1):
        extra = record.pop("__extra__", None)
        if extra:
            add(line, "", _("La ligne a plus de cellules que l'en-tête n'a de colonnes."))
        form.data, form._errors = record, None
        if not form.is_valid():
            for column, messages in form.errors.items():
                for message in messages:
                    add(line, "" if column == "__all__" else column, message)
        data = form.cleaned_data
        spec.check_row(context, line, data, add)
        candidates.append((line, data))
        if progress is not None and done % PROGRESS_EVERY == 0:
            progress(done, total)
    errors.sort(key=lambda e: (e["line"], order.get(e["column"], -1)))
    return Report(
        valid=[data for line, data in candidates if line not in bad_lines],
        errors=errors,
        total=total,
    )
