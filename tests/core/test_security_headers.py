"""Access that outlives the person, and headers every page gets (issue 17 item 9)."""

import re
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse
from rest_framework.authtoken.models import Token

from mutualis.accounts import services
from mutualis.accounts.client_ip import client_ip
from mutualis.timesheets.models import CalendarToken

pytestmark = pytest.mark.django_db
TEMPLATES = Path(__file__).resolve().parents[2] / "mutualis" / "www" / "templates"


def test_pages_get_a_content_security_policy_and_signed_in_answers_are_not_stored(client, personas):
    anonymous = client.get(reverse("login"))
    assert "script-src 'self'" in anonymous["Content-Security-Policy"]
    client.force_login(personas.director_a)
    page = client.get(reverse("members:list"))
    assert page["Cache-Control"] == "no-store"
    export = client.get(reverse("members:list"), {"_export": "csv"})
    assert export["Cache-Control"] == "no-store"


def test_no_template_holds_an_inline_script_or_event_handler():
    offenders = []
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text()
        if re.search(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", text):
            offenders.append(f"{path.name}: inline <script>")
        if re.search(r"\son(click|change|submit|load|input)=", text):
            offenders.append(f"{path.name}: inline event handler")
    assert not offenders


def test_a_new_password_revokes_api_tokens_and_lifts_the_lockout(personas):
    user = personas.director_a
    Token.objects.create(user=user)
    AccessAttempt.objects.create(username=user.username, ip_address="10.0.0.1", failures_since_start=9)
    user.set_password("Un-nouveau-mot-de-passe-2026")
    user.save()
    assert not Token.objects.filter(user=user).exists()
    assert not AccessAttempt.objects.filter(username=user.username).exists()


def test_reset_emails_are_throttled_per_address_without_saying_so(client, personas):
    cache.clear()
    personas.director_a.email = "direction@example.org"
    personas.director_a.save()
    for _ in range(6):
        response = client.post(reverse("password_reset"), {"email": "direction@example.org"})
        assert response.status_code == 302
    assert len(mail.outbox) == 3


def test_a_deactivated_contact_no_longer_reads_the_members_calendar(client, personas):
    token = CalendarToken.objects.create(group=personas.group_a, kind="member", member=personas.member_a1)
    feed = reverse("timesheets:calendar_feed", kwargs={"token": token.token})
    assert client.get(feed).status_code == 200
    contact = personas.contact_a1.memberships.get(group=personas.group_a)
    director = personas.director_a.memberships.get(group=personas.group_a)
    services.set_active(actor=director, membership=contact, active=False)
    assert client.get(feed).status_code == 404


@override_settings(MUTUALIS_TRUSTED_PROXIES=["10.0.0.2"])
def test_the_client_address_behind_a_trusted_proxy(rf):
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.7, 10.0.0.2")
    assert client_ip(request) == "203.0.113.7"
    spoofed = rf.get("/", REMOTE_ADDR="198.51.100.1", HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert client_ip(spoofed) == "198.51.100.1"
