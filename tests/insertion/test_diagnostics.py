import pytest
from django.core.exceptions import ValidationError

from mutualis.insertion import diagnostics, services
from mutualis.insertion.default_template import SCHEMA
from mutualis.insertion.enums import DiagnosticStatus, Theme
from tests.insertion.factories import person, professional

pytestmark = pytest.mark.django_db

ANSWERS = {
    "situation_emploi": "sans_emploi",
    "projet_defini": "no",
    "disponibilite": "immediate",
    "besoin_formation": "no",
    "permis_b": "no",
    "besoins_mobilite": ["permis"],
    "logement_stable": "yes",
    "frein_sante": "no",
    "aisance_numerique": 4,
    "difficultes_budget": "no",
    "droits_a_jour": "yes",
}


def test_the_shipped_model_covers_every_theme():
    assert {q["theme"] for q in diagnostics.questions_of(SCHEMA)} == set(Theme.values)
    assert services.current_template().status == "published"


def test_second_version_shows_its_differences():
    referent = professional()
    beneficiary = person(referent)
    first = services.record_diagnostic(actor=referent.user, beneficiary=beneficiary, answers=ANSWERS)
    second = services.record_diagnostic(
        actor=referent.user, beneficiary=beneficiary, answers={**ANSWERS, "permis_b": "yes"}
    )
    first.refresh_from_db()
    assert (first.version, second.version) == (1, 2)
    assert first.status == DiagnosticStatus.SUPERSEDED
    assert diagnostics.differences(first, second) == [
        {"code": "permis_b", "label": "Permis B", "before": "Non", "after": "Oui"}
    ]
    assert {"theme": "mobility", "status": "yes"} in first.constraints
    assert {"theme": "mobility", "status": "resolved"} in second.constraints


def test_the_diagnostic_page_shows_the_differences(client):
    referent = professional()
    beneficiary = person(referent)
    services.record_diagnostic(actor=referent.user, beneficiary=beneficiary, answers=ANSWERS)
    second = services.record_diagnostic(
        actor=referent.user, beneficiary=beneficiary, answers={**ANSWERS, "permis_b": "yes"}
    )
    client.force_login(referent.user)
    page = client.get(f"/insertion/diagnostics/{second.public_id}/").content.decode()
    assert "Ce qui a changé depuis la version 1" in page and "Permis B" in page


def test_an_unknown_question_code_is_refused():
    beneficiary = person()
    with pytest.raises(ValidationError, match="Question inconnue : pointure"):
        services.record_diagnostic(actor=None, beneficiary=beneficiary, answers={**ANSWERS, "pointure": "42"})
    assert not beneficiary.diagnostics.exists()


def test_a_missing_required_answer_is_named():
    beneficiary = person()
    answers = dict(ANSWERS)
    del answers["permis_b"]
    with pytest.raises(ValidationError, match="Permis B"):
        services.record_diagnostic(actor=None, beneficiary=beneficiary, answers=answers)


def test_a_scale_out_of_bounds_is_refused():
    beneficiary = person()
    with pytest.raises(ValidationError, match="Aisance"):
        services.record_diagnostic(
            actor=None, beneficiary=beneficiary, answers={**ANSWERS, "aisance_numerique": 6}
        )


def test_a_published_template_refuses_edits():
    template = services.current_template()
    schema = {**template.schema, "sections": template.schema["sections"][:1]}
    with pytest.raises(ValidationError, match="ne change plus"):
        services.update_template(actor=None, template=template, title=template.title, schema=schema)
    template.refresh_from_db()
    assert len(template.schema["sections"]) == len(SCHEMA["sections"])


def test_a_new_version_is_a_draft_then_published_and_the_old_one_retired():
    template = services.current_template()
    draft = services.new_template_version(actor=None, template=template)
    services.update_template(actor=None, template=draft, title="Diagnostic v2", schema=template.schema)
    services.publish_template(actor=None, template=draft)
    template.refresh_from_db()
    assert template.status == "retired" and services.current_template() == draft


def test_a_malformed_schema_names_the_question():
    template = services.current_template()
    draft = services.new_template_version(actor=None, template=template)
    bad = {
        "sections": [
            {"title": "S", "questions": [{"code": "x", "label": "X", "theme": "astrologie", "kind": "text"}]}
        ]
    }
    with pytest.raises(ValidationError, match="question « x » : thème inconnu"):
        services.update_template(actor=None, template=draft, title="t", schema=bad)
