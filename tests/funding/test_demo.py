"""The demo seeds a draft AMIGE application for the demo GE, once."""

import pytest

from mutualis.demo import funding as demo
from mutualis.demo.data import MAIN
from mutualis.funding import services
from mutualis.funding.models import FundingApplication
from tests import factories


@pytest.mark.django_db
def test_demo_amige_draft_is_seeded_once():
    group = factories.EmployerGroupFactory(slug=MAIN.slug, name="GE Partage Orne")
    factories.UserFactory(username="directrice")
    demo.seed(log=lambda message: None)
    demo.seed(log=lambda message: None)
    application = FundingApplication.objects.get(group=group)
    assert application.call.code == "amige" and application.status == "draft"
    findings, totals = services.check_application(application)
    # The draft balances and stays under the cap; the equipment line still lacks its justification.
    assert totals.total_cost == totals.total_sources
    assert [f.rule for f in findings if f.level == "error"] == ["justification"]
