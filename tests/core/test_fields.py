"""Control characters, free-text length and the date window are refused at the model, so pages, API
and imports give the same message (issue 17 items 3 to 5)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import models

from mutualis.core import dates, fields
from mutualis.core.fields import validate_no_control_characters
from tests.factories import MemberFactory


def test_every_project_text_and_date_field_carries_its_rules():
    missing = [
        f"{field.model._meta.label}.{field.name}"
        for field in fields.project_fields()
        for rule in fields.rules_for(field)
        if rule not in field.validators
    ]
    assert not missing
    names = {f"{f.model._meta.label}.{f.name}" for f in fields.project_fields()}
    assert "members.Member.name" in names


def test_installing_the_rules_changes_no_migration():
    field = next(f for f in fields.project_fields() if isinstance(f, models.CharField) and not f.choices)
    assert validate_no_control_characters in field.validators
    assert validate_no_control_characters not in field.deconstruct()[3].get("validators", [])


@pytest.mark.django_db
def test_a_name_with_a_vertical_tab_is_refused_with_a_french_message(personas):
    member = MemberFactory.build(group=personas.group_a, name="Du\x0bpont")
    with pytest.raises(ValidationError) as error:
        member.full_clean()
    assert "caractère de contrôle" in str(error.value.message_dict["name"])
    assert "U+000B" in str(error.value.message_dict["name"])


def test_line_breaks_and_tabs_are_text_not_control():
    validate_no_control_characters("Ligne 1\nLigne 2\r\n\tfin")


@pytest.mark.parametrize(
    "day", [datetime.date(1, 1, 1), datetime.date(9999, 12, 31), datetime.date(1899, 12, 31)]
)
def test_dates_outside_the_window_are_refused(day):
    with pytest.raises(ValidationError):
        dates.validate_plausible_date(day)


def test_window_helpers():
    assert dates.parse_day("9999-12-31") is None
    assert dates.parse_day("2026-03-02") == datetime.date(2026, 3, 2)
    assert dates.month_start(1, 1) is None
    assert dates.month_start(2026, 13) is None
    assert dates.month_start(2026, 3) == datetime.date(2026, 3, 1)
