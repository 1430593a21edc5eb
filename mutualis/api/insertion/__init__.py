"""API of insertion journeys (issue 14): the routes registered in mutualis/api/urls.py."""

from .views import (
    BeneficiaryViewSet,
    ConsentViewSet,
    DiagnosticTemplateViewSet,
    FollowUpViewSet,
    MeExportViewSet,
    MeJourneyViewSet,
)

ROUTES = [
    ("beneficiaries", BeneficiaryViewSet, "beneficiary"),
    ("diagnostic-templates", DiagnosticTemplateViewSet, "diagnostic-template"),
    ("follow-ups", FollowUpViewSet, "follow-up"),
    ("consents", ConsentViewSet, "consent"),
    ("me/journey", MeJourneyViewSet, "me-journey"),
    ("me/export", MeExportViewSet, "me-export"),
]
