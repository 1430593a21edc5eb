"""Statistical secrecy of the observatory: ≥ 3 GEs, ≥ 5 people, no GE above 85 %, a second cell hidden."""

import pytest

from mutualis.territories import observatory, services
from tests import factories

pytestmark = pytest.mark.django_db

QUARTER = "2026-T3"


def build(members_by_group, *, silent=None):
    """GEs opted in with {kind: count} members each; `silent`: a GE of the territory that did not opt in."""
    territory = services.create_territory(actor=None, name="T", kind="custom", commune_codes=["61001"])
    for counts in members_by_group:
        group = factories.EmployerGroupFactory()
        services.set_sharing(actor=None, group=group, territory=territory, observatory=True)
        for kind, count in counts.items():
            for _ in range(count):
                factories.MemberFactory(group=group, kind=kind)
    if silent:
        group = factories.EmployerGroupFactory()
        services.set_sharing(actor=None, group=group, territory=territory, observatory=False)
        for kind, count in silent.items():
            for _ in range(count):
                factories.MemberFactory(group=group, kind=kind)
    cells = observatory.indicators(territory, QUARTER)["cells"]
    return {c["key"]: c for c in cells}


def test_a_cell_covering_two_ges_is_hidden_with_a_second_cell():
    cells = build(
        [
            {"company": 2, "association": 2, "public_body": 1},
            {"company": 2, "association": 2, "public_body": 1},
            {"company": 2, "association": 2},
            {"company": 2},
        ]
    )
    assert cells["members_public_body"]["hidden"] and cells["members_public_body"]["marker"] == "s"
    assert cells["members_public_body"]["value"] is None
    # The total (16) and the companies (8) are shown: the associations (6), the smallest shown cell,
    # are hidden too, or 16 − 8 − 6 would give the public bodies.
    assert cells["members"]["value"] == 16 and not cells["members"]["hidden"]
    assert cells["members_company"]["value"] == 8
    assert cells["members_association"]["hidden"]


def test_a_cell_where_one_ge_makes_86_percent_is_hidden_with_a_second_cell():
    cells = build(
        [
            {"company": 2, "association": 18, "public_body": 2},
            {"company": 2, "association": 1, "public_body": 2},
            {"company": 2, "association": 1, "public_body": 2},
            {"company": 2, "association": 1},
        ]
    )
    assert cells["members_association"]["hidden"]  # 18 / 21 = 85.7 %
    assert cells["members_public_body"]["hidden"]  # secondary: 6 < 8
    assert cells["members_company"]["value"] == 8


def test_85_percent_exactly_is_shown():
    cells = build([{"company": 17}, {"company": 1}, {"company": 1}, {"company": 1}])
    assert cells["members_company"]["value"] == 20  # 17 / 20 = 85 %


def test_a_ge_that_has_not_opted_in_counts_nowhere():
    cells = build([{"company": 2}, {"company": 2}, {"company": 2}], silent={"company": 50, "association": 9})
    assert cells["groups"]["value"] == 3
    assert cells["members"]["value"] == 6
    assert cells["members_association"]["hidden"]


def test_too_few_people_is_hidden_and_the_quarter_is_checked():
    cells = build([{"company": 1}, {"company": 1}, {"company": 1}])
    assert cells["members_company"]["hidden"]  # 3 members < 5
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        observatory.parse_quarter("2026-T5")
    assert observatory.parse_quarter("2026-T4")[1].isoformat() == "2026-12-31"
