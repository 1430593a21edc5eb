"""The shared diagnostic model: template schemas, answers, constraints and needs, differences.

A template schema is::

    {"sections": [{"code": "mobilite", "title": "Mobilité", "questions": [
        {"code": "permis_b", "label": "…", "theme": "mobility", "kind": "yes_no_unknown",
         "required": true, "constraint_if": "no"},
        {"code": "besoins_mobilite", "label": "…", "theme": "mobility", "kind": "multi",
         "choices": [{"value": "permis", "label": "Passer le permis"}], "needs": true},
        {"code": "aisance_numerique", "kind": "scale", "min": 1, "max": 5, "constraint_below": 3, …}
    ]}]}

- `constraint_if` (yes/no questions): the answer that reveals a constraint (« frein ») on the theme;
  `constraint_below` (scales): a value under it does; `unknown` or no answer leaves the theme
  « non abordée » unless another question settled it.
- `needs` (choice/multi): the chosen labels become needs.
"""

import hashlib
import json

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .enums import ConstraintStatus, QuestionKind, Theme

YES_NO_UNKNOWN = ("yes", "no", "unknown")
ANSWER_LABELS = {"yes": "Oui", "no": "Non", "unknown": "Ne sait pas"}


def questions_of(schema):
    """Every question of a schema, in order, each with its section title."""
    out = []
    for section in (schema or {}).get("sections", []):
        for question in section.get("questions", []):
            out.append({**question, "section": section.get("title", "")})
    return out


def validate_schema(schema):
    """Refuse a malformed template, naming the section or question at fault."""
    if not isinstance(schema, dict) or not isinstance(schema.get("sections"), list) or not schema["sections"]:
        raise ValidationError({"schema": _("Le modèle doit contenir au moins une section.")})
    seen = set()
    for s_index, section in enumerate(schema["sections"], start=1):
        if not isinstance(section, dict) or not str(section.get("title", "")).strip():
            raise ValidationError({"schema": _("Section %(n)d : titre manquant.") % {"n": s_index}})
        questions = section.get("questions")
        if not isinstance(questions, list) or not questions:
            raise ValidationError(
                {"schema": _("Section « %(title)s » : aucune question.") % {"title": section["title"]}}
            )
        for question in questions:
            code = str(question.get("code", "")).strip() if isinstance(question, dict) else ""
            where = _("Section « %(title)s », question « %(code)s »") % {
                "title": section["title"],
                "code": code,
            }
            if not code:
                raise ValidationError(
                    {
                        "schema": _("Section « %(title)s » : une question n'a pas de code.")
                        % {"title": section["title"]}
                    }
                )
            if code in seen:
                raise ValidationError({"schema": _("%(where)s : code déjà utilisé.") % {"where": where}})
            seen.add(code)
            if not str(question.get("label", "")).strip():
                raise ValidationError({"schema": _("%(where)s : libellé manquant.") % {"where": where}})
            if question.get("theme") not in Theme.values:
                raise ValidationError({"schema": _("%(where)s : thème inconnu.") % {"where": where}})
            if question.get("kind") not in QuestionKind.values:
                raise ValidationError(
                    {"schema": _("%(where)s : type de question inconnu.") % {"where": where}}
                )
            if question["kind"] in (QuestionKind.CHOICE, QuestionKind.MULTI):
                choices = question.get("choices")
                if (
                    not isinstance(choices, list)
                    or not choices
                    or not all(isinstance(c, dict) and c.get("value") and c.get("label") for c in choices)
                ):
                    raise ValidationError({"schema": _("%(where)s : choix manquants.") % {"where": where}})
            if question["kind"] == QuestionKind.SCALE:
                low, high = question.get("min"), question.get("max")
                if not (isinstance(low, int) and isinstance(high, int) and low < high):
                    raise ValidationError(
                        {"schema": _("%(where)s : échelle sans minimum et maximum.") % {"where": where}}
                    )


def _choice_values(question):
    return {c["value"] for c in question.get("choices", [])}


def validate_answers(schema, answers):
    """Refuse unknown question codes, missing required answers and values of the wrong kind."""
    if not isinstance(answers, dict):
        raise ValidationError(
            {"answers": _("Les réponses doivent être un objet « code de question → réponse ».")}
        )
    questions = {q["code"]: q for q in questions_of(schema)}
    errors = []
    unknown = sorted(set(answers) - set(questions))
    if unknown:
        errors.append(_("Question inconnue : %(codes)s.") % {"codes": ", ".join(unknown)})
    for code, question in questions.items():
        value = answers.get(code)
        empty = value in (None, "", [])
        if empty:
            if question.get("required"):
                errors.append(
                    _("Réponse obligatoire manquante : « %(label)s » (%(code)s).")
                    % {"label": question["label"], "code": code}
                )
            continue
        kind = question["kind"]
        ok = True
        if kind == QuestionKind.YES_NO_UNKNOWN:
            ok = value in YES_NO_UNKNOWN
        elif kind == QuestionKind.CHOICE:
            ok = value in _choice_values(question)
        elif kind == QuestionKind.MULTI:
            ok = isinstance(value, list) and all(v in _choice_values(question) for v in value)
        elif kind == QuestionKind.SCALE:
            ok = (
                isinstance(value, int)
                and not isinstance(value, bool)
                and question["min"] <= value <= question["max"]
            )
        elif kind == QuestionKind.TEXT:
            ok = isinstance(value, str) and len(value) <= 2000
        if not ok:
            errors.append(
                _("Réponse invalide pour « %(label)s » (%(code)s).")
                % {"label": question["label"], "code": code}
            )
    if errors:
        raise ValidationError({"answers": errors})


def derive(schema, answers, previous_constraints=()):
    """Constraints per theme (not discussed / yes / resolved) and needs, from the answers.

    A theme that had a constraint in the previous version and shows none now is « levée ».
    """
    status = {}
    needs = []
    for question in questions_of(schema):
        theme, value = question["theme"], answers.get(question["code"])
        revealed = None
        if "constraint_if" in question and value in ("yes", "no"):
            revealed = value == question["constraint_if"]
        elif "constraint_below" in question and isinstance(value, int):
            revealed = value < question["constraint_below"]
        if revealed is True:
            status[theme] = ConstraintStatus.YES
        elif revealed is False:
            status.setdefault(theme, None)
        elif "constraint_if" in question or "constraint_below" in question:
            status.setdefault(theme, ConstraintStatus.NOT_DISCUSSED)
        if question.get("needs") and value:
            labels = {c["value"]: c["label"] for c in question.get("choices", [])}
            for chosen in value if isinstance(value, list) else [value]:
                needs.append({"theme": theme, "code": chosen, "label": labels.get(chosen, chosen)})
    before = {c["theme"] for c in previous_constraints if c.get("status") == ConstraintStatus.YES}
    constraints = []
    for theme in Theme.values:
        if theme not in status:
            continue
        value = status[theme]
        if value is None:
            if theme not in before:
                continue
            value = ConstraintStatus.RESOLVED
        constraints.append({"theme": theme, "status": str(value)})
    return constraints, needs


def content_hash(template, answers):
    raw = json.dumps({"template": f"{template.code}/{template.version}", "answers": answers}, sort_keys=True)
    return hashlib.sha256(raw.encode()).hexdigest()


def display_value(question, value):
    """An answer as a person reads it."""
    if value in (None, "", []):
        return _("(sans réponse)")
    kind = question.get("kind")
    if kind == QuestionKind.YES_NO_UNKNOWN:
        return _(ANSWER_LABELS.get(value, value))
    if kind in (QuestionKind.CHOICE, QuestionKind.MULTI):
        labels = {c["value"]: c["label"] for c in question.get("choices", [])}
        values = value if isinstance(value, list) else [value]
        return ", ".join(labels.get(v, v) for v in values)
    if kind == QuestionKind.SCALE:
        return f"{value} / {question.get('max')}"
    return str(value)


def answered(diagnostic):
    """The diagnostic's questions grouped by section, with the displayed answer."""
    sections = []
    for section in diagnostic.template.schema.get("sections", []):
        rows = [
            {
                "code": q["code"],
                "label": q["label"],
                "theme": Theme(q["theme"]).label,
                "value": display_value(q, diagnostic.answers.get(q["code"])),
            }
            for q in section["questions"]
        ]
        sections.append({"title": section["title"], "rows": rows})
    return sections


def differences(previous, current):
    """What changed from one diagnostic version to the next, question by question (by code)."""
    old_questions = {q["code"]: q for q in questions_of(previous.template.schema)} if previous else {}
    new_questions = {q["code"]: q for q in questions_of(current.template.schema)}
    old_answers = previous.answers if previous else {}
    rows = []
    for code in list(new_questions) + [c for c in old_questions if c not in new_questions]:
        question = new_questions.get(code) or old_questions[code]
        before, after = old_answers.get(code), current.answers.get(code)
        if before == after:
            continue
        rows.append(
            {
                "code": code,
                "label": question["label"],
                "before": display_value(old_questions.get(code, question), before),
                "after": display_value(question, after),
            }
        )
    return rows
