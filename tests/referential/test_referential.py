import pytest
from django import forms

from mutualis.employees.models import Skill
from mutualis.referential import loader, services
from mutualis.referential.models import Appellation, JobFamily, JobSheet
from mutualis.www.referential.widgets import JobPickerField

pytestmark = pytest.mark.django_db


def test_shipped_on_migrate_and_loading_again_changes_nothing():
    counts = (
        JobFamily.objects.count(),
        JobSheet.objects.count(),
        Appellation.objects.count(),
        Skill.objects.count(),
    )
    assert counts[1] >= 30
    loader.load()
    assert counts == (
        JobFamily.objects.count(),
        JobSheet.objects.count(),
        Appellation.objects.count(),
        Skill.objects.count(),
    )


@pytest.mark.parametrize(
    "titles",
    [
        # « conducteurs de ligne, manutentionnaires et caristes »
        ["Conducteur / Conductrice de ligne de production alimentaire", "Manutentionnaire", "Cariste"],
        # « assistants comptables, assistant administratif »
        ["Assistant / Assistante comptable", "Assistant administratif / Assistante administrative"],
    ],
)
def test_the_briefs_compatible_combinations_are_shipped(titles):
    for title in titles:
        appellation = Appellation.objects.select_related("job__family").get(label=title)
        assert appellation.job.family is not None and appellation.job.family.fap_code


def test_every_job_has_a_family_named_by_letter_and_two_digits():
    for job in JobSheet.objects.select_related("family"):
        assert job.family is not None, job.code
        assert job.family.code == job.code[:3]
    assert JobFamily.objects.get(code="G16").label == "Production culinaire"


def test_every_shipped_job_is_a_technical_skill():
    codes = set(JobSheet.objects.values_list("code", flat=True))
    technical = set(Skill.objects.filter(kind="technical", group=None).values_list("rome_code", flat=True))
    assert codes <= technical


def test_group_skill_is_seen_by_its_group_only(personas, api):
    skill = services.create_group_skill(
        actor=personas.director_a, group=personas.group_a, label="Permis poids lourd", kind="transversal"
    )
    codes_a = {s["code"] for s in api("planner_a").get("/api/v1/skills/?kind=transversal").json()["results"]}
    codes_b = {s["code"] for s in api("planner_b").get("/api/v1/skills/?kind=transversal").json()["results"]}
    assert skill.code in codes_a and skill.code not in codes_b
    assert "TR-CACES" in codes_b


def test_group_skill_twice_refused(personas):
    services.create_group_skill(
        actor=personas.director_a, group=personas.group_a, label="Tri sélectif", kind="technical"
    )
    with pytest.raises(Exception, match="existe déjà"):
        services.create_group_skill(
            actor=personas.director_a, group=personas.group_a, label="tri sélectif", kind="technical"
        )


def test_job_picker_reads_the_code_of_the_chosen_line():
    field = JobPickerField(required=False)
    assert field.clean("N1101 — Cariste") == "N1101"
    assert field.clean("n1103") == "N1103"
    assert field.clean("") == ""
    with pytest.raises(forms.ValidationError, match="référentiel"):
        field.clean("Z9999 — inventé")
    with pytest.raises(forms.ValidationError):
        field.clean("cariste")


def test_job_options_search_titles(personas, client):
    client.force_login(personas.planner_a)
    html = client.get("/referentiel/metiers/options/", {"rome_code": "caris"}).content.decode()
    assert "N1101 — Cariste" in html
    assert "M1203" not in html


def test_skill_options_keep_the_ticked_ones(personas, client):
    client.force_login(personas.planner_a)
    ticked = Skill.objects.get(code="SE-RIGUEUR")
    html = client.get(
        "/referentiel/competences/options/", {"field": "skills", "q": "numérique", "skills": [ticked.pk]}
    ).content.decode()
    assert "Rigueur" in html and "checked" in html
    assert "Utiliser les outils numériques" in html
