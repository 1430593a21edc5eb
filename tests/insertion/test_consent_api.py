"""Done when: without consent 404 on the diagnostic; with a « plan » grant the plan but not the
diagnostic; after revocation 404 again; the person's access log lists the reads."""

import pytest

from mutualis.insertion import consents, services
from mutualis.insertion.enums import GivenVia, Part, Purpose, Theme
from mutualis.insertion.models import AccessLog
from tests.insertion.factories import person, professional

pytestmark = pytest.mark.django_db


def test_consent_lifecycle_through_the_api(api_for):
    referent = professional(username="referente-t")
    beneficiary = person(referent)
    services.add_axis(actor=referent.user, follow_up=beneficiary.follow_up, theme=Theme.MOBILITY)
    other = professional(username="autre-structure")
    client = api_for(other.user)
    diag_url = f"/api/v1/beneficiaries/{beneficiary.public_id}/diagnostics/"
    plan_url = f"/api/v1/follow-ups/{beneficiary.follow_up.public_id}/axes/"

    assert client.get(diag_url).status_code == 404
    assert client.get(plan_url).status_code == 404

    created = api_for(referent.user).post(
        "/api/v1/consents/",
        {
            "beneficiary": str(beneficiary.public_id),
            "organisation": str(other.organisation.public_id),
            "purpose": Purpose.ACCOMPANIMENT,
            "parts": [Part.PLAN],
            "given_via": GivenVia.SIGNED,
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    assert client.get(plan_url).status_code == 200
    assert client.get(plan_url).json()[0]["theme"] == "mobility"
    assert client.get(diag_url).status_code == 404

    assert api_for(referent.user).delete(f"/api/v1/consents/{created.json()['id']}/").status_code == 204
    assert client.get(plan_url).status_code == 404
    assert client.get(diag_url).status_code == 404

    logged = AccessLog.objects.filter(beneficiary=beneficiary)
    assert logged.count() == 2 and set(logged.values_list("part", flat=True)) == {Part.PLAN}
    assert {log.viewer_id for log in logged} == {other.user_id}
    # The person sees who read what, through her own API.
    from tests.insertion.factories import person_login

    me = person_login(beneficiary)
    reads = api_for(me.user).get("/api/v1/me/export/").json()["sections"]["consultations"]["lignes"]
    assert len(reads) == 2 and {r["part"]["code"] for r in reads} == {"plan"}


def test_the_referent_reads_without_being_logged(api_for):
    referent = professional()
    beneficiary = person(referent)
    assert (
        api_for(referent.user).get(f"/api/v1/beneficiaries/{beneficiary.public_id}/diagnostics/").status_code
        == 200
    )
    assert not AccessLog.objects.exists()


def test_the_person_reads_who_read_her_data(api_for):
    from tests.insertion.factories import person_login

    referent = professional()
    beneficiary = person(referent)
    me = person_login(beneficiary)
    colleague = professional(organisation=referent.organisation)
    consents.read(colleague, beneficiary, Part.IDENTITY)
    export = api_for(me.user).get("/api/v1/me/export/").json()
    reads = export["sections"]["consultations"]["lignes"]
    assert len(reads) == 1 and reads[0]["part"]["code"] == "identity"


def test_a_ge_reads_a_candidate_shared_with_it():
    from tests.factories import EmployerGroupFactory, MembershipFactory

    beneficiary = person()
    group = EmployerGroupFactory()
    director = MembershipFactory(group=group)
    assert not consents.allows(director, beneficiary, Part.IDENTITY)
    consents.share_with_group(actor=None, beneficiary=beneficiary, group=group, given_via=GivenVia.SIGNED)
    assert consents.allows(director, beneficiary, Part.IDENTITY, Purpose.RECRUITMENT)
    assert not consents.allows(director, beneficiary, Part.DIAGNOSTIC)
