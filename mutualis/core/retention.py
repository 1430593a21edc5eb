"""Retention: every personal field declares its rule (`PERSONAL_DATA` on its model); each rule has one
implementation registered here, which `manage.py apply_retention` runs (dry unless `--wet-run`).

A domain writes its implementations in `<domain>/retention.py` with :func:`rule`; they are found by
:func:`autodiscover`, so core imports no domain. `tests/core/test_retention.py` fails when a declared
field is covered by no implementation (and when an implementation names a field nobody declared).

An implementation is `apply(*, wet, today) -> int`: the number of rows it changed (or would change
when `wet` is false). It must be idempotent: rows already emptied are not counted again.
"""

from dataclasses import dataclass, field

from django.apps import apps
from django.utils.module_loading import autodiscover_modules

_RULES = {}


@dataclass
class Rule:
    name: str
    label: str
    covers_source: object = field(default_factory=list)  # "app_label.Model.field"s, or a function
    apply: object = None

    @property
    def covers(self):
        return list(self.covers_source() if callable(self.covers_source) else self.covers_source)


def rule(name, *, label, covers):
    """Register `apply(*, wet, today)` as the implementation of the declared rules of `covers` (a list,
    or a function giving it when the rules are read)."""

    def decorator(func):
        _RULES[name] = Rule(name=name, label=str(label), covers_source=covers, apply=func)
        return func

    return decorator


def autodiscover():
    autodiscover_modules("retention")


def rules():
    autodiscover()
    return sorted(_RULES.values(), key=lambda r: r.name)


def declared():
    """{"app.Model.field": rule text} for every personal field of the platform's models."""
    found = {}
    for model in apps.get_models():
        if not model.__module__.startswith("mutualis."):
            continue
        for name, text in getattr(model, "PERSONAL_DATA", {}).items():
            found[f"{model._meta.label}.{name}"] = str(text)
    return found


def unimplemented():
    """Declared personal fields that no registered implementation covers."""
    covered = {c for r in rules() for c in r.covers}
    return sorted(set(declared()) - covered)


def undeclared():
    """Fields an implementation claims to cover that no model declares."""
    return sorted({c for r in rules() for c in r.covers} - set(declared()))


def apply_all(*, wet, today):
    """Run every implementation; returns [(rule, count)]."""
    return [(r, r.apply(wet=wet, today=today)) for r in rules()]


def years_before(day, years):
    """The same day `years` earlier (28 February stands for the 29th)."""
    return day.replace(year=day.year - years, day=min(day.day, 28 if day.month == 2 else day.day))


def months_before(day, months):
    month = day.month - 1 - months
    year = day.year + month // 12
    month = month % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, 28))


def blank_value(model, name):
    """What an erased field holds: NULL when allowed, else the empty value of its type."""
    field = model._meta.get_field(name)
    if field.null:
        return None
    if field.get_internal_type() == "JSONField":
        return field.get_default()
    if field.get_internal_type() in ("BooleanField",):
        return False
    if field.get_internal_type() in ("PositiveSmallIntegerField", "PositiveIntegerField", "IntegerField"):
        return field.get_default() or 0
    return ""


def erase(queryset, names, *, wet):
    """Empty `names` on the rows of `queryset` that still hold any of them; returns how many rows."""
    from django.db.models import Q

    model = queryset.model
    blank = {name: blank_value(model, name) for name in names}
    holding = Q()
    for name, value in blank.items():
        holding |= ~Q(**{name: value}) if value is not None else Q(**{f"{name}__isnull": False})
    rows = queryset.filter(holding)
    count = rows.count()
    if wet and count:
        files = [n for n in names if model._meta.get_field(n).get_internal_type() == "FileField"]
        for row in rows.only("pk", *files) if files else ():
            for name in files:
                if getattr(row, name):
                    getattr(row, name).delete(save=False)
        model._base_manager.filter(pk__in=rows.values("pk")).update(**blank)
    return count
