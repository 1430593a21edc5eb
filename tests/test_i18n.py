"""English translation: the switcher works, pages come out in English, and the catalogue is complete.

French is the source language (gettext msgids are French); locale/en/LC_MESSAGES/django.po holds the
English catalogue and django.mo, committed, is its compiled form. After adding strings:

    .venv/bin/python manage.py makemessages -l en --ignore=.venv --ignore=var --ignore=tests --no-obsolete
    (translate the new entries)
    .venv/bin/python manage.py compilemessages --ignore=.venv
"""

import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

PO = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")

# The same strings, in French (source) and in English (catalogue).
LOGIN_FR = ["Connexion", "Se connecter", "Mot de passe oublié ?"]
LOGIN_EN = ["Log in", "Forgotten password?"]
DASHBOARD_FR = [
    "Accueil",
    "Se déconnecter",
    "adhérents actifs",
    "salariés en CDI",
    "Adhérents",
    "Langue",
    "À traiter",
    "besoins ouverts à consolider",
]
DASHBOARD_EN = [
    "Home",
    "Log out",
    "active members",
    "employees on CDI",
    "Members",
    "Language",
    "To do",
    "open needs to consolidate",
]


def _english(client):
    """Choose English with the footer switcher, as a visitor would."""
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("login")})
    assert response.status_code == 302
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


def _text(response):
    from html import unescape

    return unescape(response.content.decode())


# --- Pages ---


@pytest.mark.django_db
def test_french_is_the_default(client):
    html = _text(client.get(reverse("login")))
    assert '<html lang="fr">' in html
    for text in LOGIN_FR:
        assert text in html
    assert "Forgotten password?" not in html


@pytest.mark.django_db
def test_login_page_in_english_with_the_switcher(client):
    _english(client)
    html = _text(client.get(reverse("login")))
    assert '<html lang="en">' in html
    for text in LOGIN_EN:
        assert text in html
    for text in LOGIN_FR:
        assert text not in html


@pytest.mark.django_db
def test_browser_language_alone_does_not_switch_to_english(client):
    """French is the platform's language: a browser set to English gets French until the person
    chooses English with the switcher (docs/adr/2026-12-04-language-by-choice.md)."""
    html = _text(client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9"))
    assert '<html lang="fr">' in html
    for text in LOGIN_FR:
        assert text in html


def test_dashboard_in_french_by_default(client, personas):
    client.force_login(personas.director_a)
    html = _text(client.get(reverse("home")))
    for text in DASHBOARD_FR:
        assert text in html


def test_dashboard_in_english(client, personas):
    client.force_login(personas.director_a)
    _english(client)
    html = _text(client.get(reverse("home")))
    assert '<html lang="en">' in html
    for text in DASHBOARD_EN:
        assert text in html
    for text in DASHBOARD_FR:
        assert text not in html
    # The role shown next to the organisation is translated too.
    assert "Employer group management" in html
    assert "Direction du GE" not in html


# --- Catalogue ---


def _unquote(line):
    body = line[line.index('"') + 1 : line.rindex('"')]
    escapes = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "r": "\r"}
    return re.sub(r"\\(.)", lambda m: escapes[m.group(1)], body)


def _entries():
    """Entries of the .po as dicts: 'flags' plus msgctxt, msgid, msgid_plural, msgstr, msgstr[n]."""
    entries = []
    for block in PO.read_text(encoding="utf-8").split("\n\n"):
        entry, key = {"flags": set()}, None
        for line in block.splitlines():
            if line.startswith("#,"):
                entry["flags"].update(flag.strip() for flag in line[2:].split(","))
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                entry[key] += _unquote(line)
            elif line.strip():
                key = line.split(" ", 1)[0]
                entry[key] = _unquote(line)
        if "msgid" in entry and entry["msgid"]:
            entries.append(entry)
    return entries


def _translations(entry):
    """(source, translation) pairs of an entry, plural forms included."""
    if "msgid_plural" in entry:
        return [(entry["msgid"], entry["msgstr[0]"]), (entry["msgid_plural"], entry["msgstr[1]"])]
    return [(entry["msgid"], entry["msgstr"])]


def test_catalogue_is_readable():
    assert len(_entries()) > 1000


def test_every_string_is_translated():
    untranslated = [
        entry["msgid"]
        for entry in _entries()
        if "fuzzy" in entry["flags"] or any(not target for _, target in _translations(entry))
    ]
    assert not untranslated, f"{len(untranslated)} untranslated or fuzzy: {untranslated[:10]}"


PLACEHOLDER = re.compile(r"%\(\w+\)[-+ #0-9.]*[sdfr]|%[sdf%]|\{\w*\}|</?[a-z][^>]*>")


def test_placeholders_are_kept():
    wrong = []
    for entry in _entries():
        for source, target in _translations(entry):
            if sorted(PLACEHOLDER.findall(target)) != sorted(PLACEHOLDER.findall(source)):
                wrong.append((source, target))
    assert not wrong, wrong[:10]


def test_mo_is_compiled_from_the_po():
    """The committed .mo says exactly what the .po says: nobody forgot compilemessages.

    (Compared by content, not by date: a fresh clone gives both files the checkout time.)
    """
    with MO.open("rb") as handle:
        catalog = gettext.GNUTranslations(handle)._catalog
    stale = []
    for entry in _entries():
        key = entry["msgid"] if "msgctxt" not in entry else f"{entry['msgctxt']}\x04{entry['msgid']}"
        if "fuzzy" in entry["flags"]:
            continue
        if "msgid_plural" in entry:
            for n in (0, 1):
                if catalog.get((key, n)) != entry[f"msgstr[{n}]"]:
                    stale.append(entry["msgid"])
        elif catalog.get(key) != entry["msgstr"]:
            stale.append(entry["msgid"])
    assert not stale, f"Run compilemessages: {len(stale)} strings differ, e.g. {stale[:5]}"


GETTEXT_NAMES = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy", "pgettext", "pgettext_lazy"}
TEMPLATE_TRANSLATE = re.compile(
    r"""\{%\s*(?:translate|trans)\s+(["'])((?:(?!\1).)+)\1(?:\s+context\s+(["'])(.+?)\3)?"""
)


def _code_msgids():
    """The literal strings that Python code and templates mark for translation (simple forms only:
    a constant first argument, `{% translate "…" %}`): enough to catch a new string nobody added."""
    import ast

    found = set()
    package = Path(settings.BASE_DIR) / "mutualis"
    for path in package.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and node.args):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name not in GETTEXT_NAMES:
                continue
            args = node.args[1:] if name.startswith("pgettext") else node.args
            if args and isinstance(args[0], ast.Constant) and isinstance(args[0].value, str):
                context = node.args[0].value if name.startswith("pgettext") else None
                if context is None or isinstance(context, str):
                    found.add((context, args[0].value, str(path.relative_to(settings.BASE_DIR))))
    for path in package.rglob("*.html"):
        for match in TEMPLATE_TRANSLATE.finditer(path.read_text(encoding="utf-8")):
            # makemessages doubles a template's percent signs in the msgid (the tag undoes it)
            found.add(
                (match.group(4), match.group(2).replace("%", "%%"), str(path.relative_to(settings.BASE_DIR)))
            )
    return found


def test_every_string_of_the_code_is_in_the_catalogue():
    """After adding strings: makemessages, translate, compilemessages (see the module docstring)."""
    known = {(entry.get("msgctxt"), entry["msgid"]) for entry in _entries()}
    missing = sorted(
        {
            (msgid, where)
            for context, msgid, where in _code_msgids()
            if msgid and (context, msgid) not in known
        }
    )
    assert not missing, f"{len(missing)} strings missing from the English catalogue: {missing[:10]}"
