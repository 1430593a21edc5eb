import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from rest_framework.authtoken.models import Token


@pytest.mark.django_db
def test_schema_generates_without_warnings(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml"))
    text = (tmp_path / "schema.yml").read_text()
    for path in ("/api/v1/members/", "/api/v1/sites/", "/api/v1/employees/", "/api/v1/contracts/"):
        assert path in text


@pytest.mark.django_db
def test_schema_and_docs_answer(client):
    assert client.get(reverse("api-schema")).status_code == 200
    response = client.get(reverse("api-docs"))
    assert response.status_code == 200
    # Swagger UI is served from the sidecar package, not a CDN.
    assert "cdn." not in response.content.decode()


@pytest.mark.django_db
def test_api_token_creates_then_repeats_then_rotates(personas, capsys):
    call_command("api_token", "director_a")
    first = capsys.readouterr().out.strip()
    assert first == Token.objects.get(user=personas.director_a).key
    call_command("api_token", "director_a")
    assert capsys.readouterr().out.strip() == first
    call_command("api_token", "director_a", "--rotate")
    rotated = capsys.readouterr().out.strip()
    assert rotated != first
    assert Token.objects.get(user=personas.director_a).key == rotated


@pytest.mark.django_db
def test_api_token_unknown_user():
    with pytest.raises(CommandError, match="Utilisateur inconnu"):
        call_command("api_token", "personne")


@pytest.mark.django_db
def test_api_token_dry_run_writes_nothing(personas, capsys):
    call_command("api_token", "planner_a", "--dry-run")
    assert "serait créé" in capsys.readouterr().out
    assert not Token.objects.filter(user=personas.planner_a).exists()
    call_command("api_token", "planner_a")
    key = capsys.readouterr().out.strip()
    call_command("api_token", "planner_a", "--rotate", "--dry-run")
    assert "serait remplacé" in capsys.readouterr().out
    assert Token.objects.get(user=personas.planner_a).key == key
