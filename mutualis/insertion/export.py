"""The person's own data, all of it: JSON and PDF (« favoriser l'accès aux données pour la personne »).

`SPECS` lists every model that refers to the person, how to reach her rows and which fields are
exported. Other domains whose models refer to a person (appointments…) add theirs with `register`.
tests/insertion/test_export.py walks every model of the project: one that refers to a `Beneficiary`
(directly or through her follow-up) must be registered here, and each of its fields must be either
exported or listed in `not_exported` with a reason — so a new personal field cannot be forgotten.
"""

from dataclasses import dataclass, field

from django.utils import timezone

from .models import (
    AccessLog,
    Action,
    Axis,
    Beneficiary,
    ConsentGrant,
    CorrectionRequest,
    Diagnostic,
    FollowUp,
    FollowUpMember,
    FollowUpTask,
    JourneyEvent,
    Objective,
    SituationReview,
)

# Technical fields that are never the person's data: internal keys and links between rows.
TECHNICAL = frozenset({"id"})


@dataclass(frozen=True)
class Spec:
    key: str  # the section of the export
    title: str  # French title of the section
    model: type
    path: str  # lookup from the model to the person, e.g. "follow_up__beneficiary"
    fields: tuple
    not_exported: dict = field(default_factory=dict)  # field -> why it is not part of the export

    def rows(self, beneficiary):
        qs = self.model._default_manager.filter(**{self.path: beneficiary.pk}).order_by("pk")
        related = [
            name
            for name in self.fields
            if self.model._meta.get_field(name).is_relation and self.model._meta.get_field(name).concrete
        ]
        if related:  # the rows name their related objects: one query per section, not per row
            qs = qs.select_related(*related)
        return [{name: _value(obj, name) for name in self.fields} for obj in qs]


def _value(obj, name):
    model_field = obj._meta.get_field(name)
    if model_field.is_relation:
        related = getattr(obj, name)
        return str(related) if related is not None else None
    value = getattr(obj, name)
    display = getattr(obj, f"get_{name}_display", None)
    if display is not None and value:
        return {"code": value, "libelle": str(display())}
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "hex") and not isinstance(value, (bytes, str)):
        return str(value)
    return value


LINK = "lien interne vers la personne ou son suivi"
SPECS = [
    Spec(
        "identite",
        "Identité et situation",
        Beneficiary,
        "pk",
        (
            "public_id",
            "first_name",
            "last_name",
            "birth_date",
            "email",
            "phone",
            "address",
            "postcode",
            "city",
            "employment_service_id",
            "education_level",
            "rights",
            "driving_licence",
            "has_vehicle",
            "mobility_radius_km",
            "situation_notes",
            "organisation",
            "group",
            "employee",
            "created_at",
            "updated_at",
        ),
        {
            "user": "son compte de connexion (elle le connaît)",
            "anonymised_at": "vide tant que le dossier existe",
        },
    ),
    Spec(
        "diagnostics",
        "Diagnostics",
        Diagnostic,
        "beneficiary",
        (
            "public_id",
            "version",
            "template",
            "status",
            "answers",
            "constraints",
            "needs",
            "summary",
            "co_built",
            "author_label",
            "created_at",
        ),
        {
            "beneficiary": LINK,
            "author": "remplacé par author_label",
            "content_hash": "empreinte technique des réponses",
        },
    ),
    Spec(
        "suivi",
        "Suivi",
        FollowUp,
        "beneficiary",
        (
            "public_id",
            "status",
            "started_on",
            "hired_on",
            "hire_employer",
            "hire_job_title",
            "hire_contract",
            "post_hire_until",
            "closed_on",
            "exit_outcome",
            "exit_note",
            "outcome_due_on",
            "outcome_6m",
            "outcome_6m_note",
            "last_activity_at",
            "anonymisation_notice_at",
            "created_at",
        ),
        {"beneficiary": LINK, "anonymised_at": "vide tant que le dossier existe"},
    ),
    Spec(
        "professionnels",
        "Professionnels du suivi",
        FollowUpMember,
        "follow_up__beneficiary",
        ("public_id", "membership", "role", "started_on", "ended_on", "end_reason"),
        {"follow_up": LINK},
    ),
    Spec(
        "axes",
        "Axes de travail",
        Axis,
        "follow_up__beneficiary",
        ("public_id", "theme", "closed_at", "created_at"),
        {"follow_up": LINK},
    ),
    Spec(
        "objectifs",
        "Objectifs",
        Objective,
        "axis__follow_up__beneficiary",
        (
            "public_id",
            "axis",
            "title",
            "status",
            "linked_contract",
            "person_agreed_at",
            "person_agreed_via",
            "created_at",
        ),
    ),
    Spec(
        "actions",
        "Actions",
        Action,
        "objective__axis__follow_up__beneficiary",
        ("public_id", "objective", "title", "status", "due_on", "done_on", "created_at"),
    ),
    Spec(
        "historique",
        "Historique du parcours",
        JourneyEvent,
        "follow_up__beneficiary",
        ("occurred_at", "kind", "part", "source", "summary", "actor_label", "ref_type", "ref_id"),
        {"follow_up": LINK, "actor": "remplacé par actor_label"},
    ),
    Spec(
        "taches",
        "Points de suivi prévus",
        FollowUpTask,
        "follow_up__beneficiary",
        ("public_id", "kind", "due_on", "reminded_at", "done_at"),
        {"follow_up": LINK, "done_by": "le professionnel est nommé dans l'historique"},
    ),
    Spec(
        "consentements",
        "Consentements",
        ConsentGrant,
        "beneficiary",
        (
            "public_id",
            "organisation",
            "group",
            "purpose",
            "parts",
            "given_via",
            "evidence",
            "recorded_by_label",
            "given_on",
            "expires_on",
            "revoked_at",
            "created_at",
        ),
        {
            "beneficiary": LINK,
            "recorded_by": "remplacé par recorded_by_label",
            "revoked_by": "le retrait est daté (revoked_at)",
        },
    ),
    Spec(
        "consultations",
        "Qui a consulté mes données",
        AccessLog,
        "beneficiary",
        ("read_at", "viewer_label", "structure_label", "part", "channel", "consent"),
        {"beneficiary": LINK, "viewer": "remplacé par viewer_label"},
    ),
    Spec(
        "corrections",
        "Demandes de correction",
        CorrectionRequest,
        "beneficiary",
        ("public_id", "part", "message", "status", "answer", "answered_at", "created_at"),
        {"beneficiary": LINK, "answered_by": "la réponse est dans l'historique"},
    ),
    Spec(
        "examens",
        "Examens « sans solution »",
        SituationReview,
        "beneficiary",
        (
            "public_id",
            "submitted_by_label",
            "reason",
            "status",
            "meeting_on",
            "participants",
            "decision",
            "decision_note",
            "decided_at",
            "created_at",
        ),
        {
            "beneficiary": LINK,
            "submitted_by": "remplacé par submitted_by_label",
            "decided_by": "la décision est datée",
        },
    ),
]


def register(spec):
    """Another domain adds the rows of its model that refer to the person (e.g. appointments)."""
    if any(s.model is spec.model for s in SPECS):
        raise ValueError(f"{spec.model._meta.label} is already exported")
    SPECS.append(spec)


def export_data(beneficiary):
    """Every field of every row that refers to the person, by section."""
    return {
        "format": "mutualis.insertion.export/1",
        "exported_at": timezone.now().isoformat(),
        "sections": {spec.key: {"titre": spec.title, "lignes": spec.rows(beneficiary)} for spec in SPECS},
    }


def export_pdf(beneficiary):
    from mutualis.employees.documents import render_pdf

    data = export_data(beneficiary)
    sections = [
        {"title": section["titre"], "rows": [_printable(row) for row in section["lignes"]]}
        for section in data["sections"].values()
    ]
    return render_pdf(
        "pdf/insertion_export.html",
        {"beneficiary": beneficiary, "sections": sections, "printed_on": timezone.localdate()},
    )


def _printable(row):
    out = []
    for key, value in row.items():
        if isinstance(value, dict) and "libelle" in value:
            value = value["libelle"]
        elif isinstance(value, dict):
            value = "; ".join(f"{k} : {v}" for k, v in value.items())
        elif isinstance(value, list):
            value = ", ".join(v.get("label", str(v)) if isinstance(v, dict) else str(v) for v in value)
        out.append((key, "" if value is None else value))
    return out
