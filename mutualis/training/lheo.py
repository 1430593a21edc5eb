"""LHEO import and export of a GE's catalogue (offres → formation → action → session, plus the
organisme-formation-responsable), with lxml. Reads the 2.2 and 2.3 namespaces; writes 2.3.

Only the elements the catalogue keeps are read; an element out of place, a missing mandatory one or
an unknown code is refused with the element and the line named, and nothing is saved.
"""

import datetime
import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from lxml import etree

from .models import TrainingAction, TrainingBody, TrainingOffer, TrainingSession

NS_23 = "http://lheo.gouv.fr/2.3"
KNOWN_NAMESPACES = {NS_23, "http://www.lheo.org/2.2", "http://lheo.gouv.fr/2.2", "http://www.lheo.org/2.3"}
FORMACODE_REFS = {"V10", "V11", "V12", "V13", "V14"}
CERTIFICATION_RE = re.compile(r"^(RNCP|RS|CPF|CERTIFINFO)\s*\d+$")


class LheoError(ValidationError):
    pass


def _local(el):
    return etree.QName(el).localname


def _refuse(el, message):
    raise LheoError(
        _("LHEO, élément <%(el)s> ligne %(line)s : %(msg)s")
        % {"el": _local(el), "line": el.sourceline, "msg": message}
    )


def _child(el, name, *, required=True):
    for c in el:
        if isinstance(c.tag, str) and _local(c) == name:
            return c
    if required:
        _refuse(el, _("l'élément obligatoire <%(name)s> manque.") % {"name": name})
    return None


def _children(el, name):
    return [c for c in el if isinstance(c.tag, str) and _local(c) == name]


def _text(el, name, *, required=True, default=""):
    c = _child(el, name, required=required)
    return (c.text or "").strip() if c is not None else default


def _date(el):
    raw = (el.text or "").strip()
    try:
        return datetime.datetime.strptime(raw, "%Y%m%d").date()
    except ValueError:
        _refuse(el, _("date « %(v)s » illisible (attendu AAAAMMJJ).") % {"v": raw})


def parse(data: bytes):
    """Parse LHEO bytes into plain dicts (no database access). Raises LheoError."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise LheoError(
            _("LHEO : fichier XML illisible (ligne %(line)s) : %(msg)s")
            % {"line": exc.lineno, "msg": exc.msg}
        ) from exc
    if _local(root) != "lheo" or etree.QName(root).namespace not in KNOWN_NAMESPACES:
        _refuse(root, _("la racine doit être <lheo> dans l'espace de noms LHEO 2.2 ou 2.3."))
    offres = _child(root, "offres")
    formations = _children(offres, "formation")
    if not formations:
        _refuse(offres, _("aucune <formation>."))
    return [_parse_formation(f) for f in formations]


def _parse_formation(f):
    domaine = _child(f, "domaine-formation")
    formacodes = []
    for c in _children(domaine, "code-FORMACODE"):
        code, ref = (c.text or "").strip(), c.get("ref", "")
        if not re.fullmatch(r"\d{5}", code):
            _refuse(c, _("code Formacode inconnu « %(c)s » (5 chiffres).") % {"c": code})
        if ref not in FORMACODE_REFS:
            _refuse(c, _("version de Formacode inconnue « %(r)s ».") % {"r": ref})
        formacodes.append({"code": code, "ref": ref})
    rome = []
    for c in _children(domaine, "code-ROME"):
        code = (c.text or "").strip()
        if not re.fullmatch(r"[A-N]\d{4}", code):
            _refuse(c, _("code ROME inconnu « %(c)s ».") % {"c": code})
        rome.append(code)
    nsf = []
    for c in _children(domaine, "code-NSF"):
        code = (c.text or "").strip()
        if len(code) != 3:
            _refuse(c, _("code NSF inconnu « %(c)s » (3 caractères).") % {"c": code})
        nsf.append(code)
    certifications = []
    for cert in _children(f, "certification"):
        for c in cert:
            if not isinstance(c.tag, str):
                continue
            value = (c.text or "").strip()
            if _local(c) == "code-RNCP":
                value = f"RNCP{value}" if value.isdigit() else value
            elif _local(c) == "code-RS":
                value = f"RS{value}" if value.isdigit() else value
            else:
                continue
            if not CERTIFICATION_RE.match(value):
                _refuse(c, _("code de certification inconnu « %(c)s ».") % {"c": value})
            certifications.append(value)
    body_el = _child(f, "organisme-formation-responsable")
    siret = _text(_child(body_el, "SIRET-organisme-formation"), "SIRET")
    try:
        TrainingBody._meta.get_field("siret").run_validators(siret)
    except ValidationError as exc:
        _refuse(body_el, " ".join(exc.messages))
    activity = _text(body_el, "numero-activite", required=False)
    body = {
        "name": _text(body_el, "nom-organisme"),
        "siret": siret,
        "activity_number": activity if re.fullmatch(r"\d{11}", activity or "") else "",
    }
    actions = [_parse_action(a) for a in _children(f, "action")]
    if not actions:
        _refuse(f, _("l'élément obligatoire <action> manque."))
    certifiante = _text(f, "certifiante", required=False, default="0")
    return {
        "number": f.get("numero", ""),
        "title": _text(f, "intitule-formation"),
        "objective": _text(f, "objectif-formation", required=False),
        "expected_results": _text(f, "resultats-attendus", required=False),
        "content": _text(f, "contenu-formation", required=False),
        "certifying": certifiante == "1",
        "formacodes": formacodes,
        "rome_codes": rome,
        "nsf_codes": nsf,
        "certifications": certifications,
        "body": body,
        "actions": actions,
    }


def _parse_action(a):
    hours_el = _child(a, "nombre-heures-total", required=False)
    price_el = _child(a, "prix-total-TTC", required=False)
    try:
        hours = Decimal((hours_el.text or "0").strip()) if hours_el is not None else Decimal("0")
    except InvalidOperation:
        _refuse(hours_el, _("nombre d'heures illisible."))
    price = Decimal("0")
    if price_el is not None:
        try:
            price = Decimal(_text(price_el, "prix", required=False) or (price_el.text or "0").strip() or "0")
        except InvalidOperation:
            _refuse(price_el, _("prix illisible."))
    place = ""
    lieu = _child(a, "lieu-de-formation", required=False)
    if lieu is not None:
        adresse = lieu.find(".//{*}adresse")
        if adresse is not None:
            place = _text(adresse, "ville", required=False)
    sessions = []
    for s in _children(a, "session"):
        periode = _child(s, "periode")
        starts, ends = _date(_child(periode, "debut")), _date(_child(periode, "fin"))
        if ends < starts:
            _refuse(periode, _("la session finit avant de commencer."))
        if not place:
            adresse = s.find(".//{*}adresse-inscription/{*}adresse")
            if adresse is not None:
                place = _text(adresse, "ville", required=False)
        sessions.append({"number": s.get("numero", ""), "starts_on": starts, "ends_on": ends})
    if not sessions:
        _refuse(a, _("l'élément obligatoire <session> manque."))
    return {
        "number": a.get("numero", ""),
        "hours": hours,
        "price": price,
        "place": place,
        "distance": _text(a, "modalites-enseignement", required=False) == "2",
        "sessions": sessions,
    }


@transaction.atomic
def import_catalogue(*, group, data: bytes):
    """Import LHEO bytes into `group`'s catalogue. Offers, actions and sessions with the same LHEO
    number are updated (so a re-import does not duplicate). Returns the offers."""
    parsed = parse(data)
    offers = []
    for item in parsed:
        b = item.pop("body")
        body = TrainingBody.objects.filter(group=group, siret=b["siret"]).first() or TrainingBody(
            group=group, siret=b["siret"]
        )
        body.name, body.activity_number = (
            b["name"] or b["siret"],
            b["activity_number"] or body.activity_number,
        )
        body.full_clean()
        body.save()
        actions = item.pop("actions")
        offer = (
            item["number"] and TrainingOffer.objects.filter(group=group, number=item["number"]).first()
        ) or (TrainingOffer(group=group))
        for key, value in item.items():
            setattr(offer, key, value)
        offer.body = body
        offer.full_clean()
        offer.save()
        for a in actions:
            sessions = a.pop("sessions")
            action = (a["number"] and offer.actions.filter(number=a["number"]).first()) or TrainingAction(
                group=group, offer=offer
            )
            for key, value in a.items():
                setattr(action, key, value)
            if not action.hours:
                action.hours = Decimal("1")
            action.full_clean()
            action.save()
            for s in sessions:
                session = (
                    s["number"] and action.sessions.filter(number=s["number"]).first()
                ) or TrainingSession(group=group, action=action)
                for key, value in s.items():
                    setattr(session, key, value)
                session.full_clean()
                session.save()
        offers.append(offer)
    return offers


def _sub(parent, name, text=None, **attrs):
    el = etree.SubElement(parent, f"{{{NS_23}}}{name}", **attrs)
    if text is not None:
        el.text = str(text)
    return el


def export_catalogue(offers) -> bytes:
    """LHEO 2.3 XML of `offers` (with their actions, sessions and body)."""
    root = etree.Element(f"{{{NS_23}}}lheo", nsmap={None: NS_23})
    offres = _sub(root, "offres")
    for offer in offers:
        f = _sub(offres, "formation", numero=offer.number or str(offer.public_id))
        domaine = _sub(f, "domaine-formation")
        for item in offer.formacodes:
            _sub(domaine, "code-FORMACODE", item["code"], ref=item["ref"])
        for code in offer.nsf_codes:
            _sub(domaine, "code-NSF", code)
        for code in offer.rome_codes:
            _sub(domaine, "code-ROME", code)
        _sub(f, "intitule-formation", offer.title)
        _sub(f, "objectif-formation", offer.objective)
        _sub(f, "resultats-attendus", offer.expected_results)
        _sub(f, "contenu-formation", offer.content)
        _sub(f, "certifiante", "1" if offer.certifying else "0")
        for code in offer.certifications:
            cert = _sub(f, "certification")
            if code.startswith("RNCP"):
                _sub(cert, "code-RNCP", code[4:])
            elif code.startswith("RS"):
                _sub(cert, "code-RS", code[2:])
        for action in offer.actions.all().order_by("id"):
            a = _sub(f, "action", numero=action.number or str(action.public_id))
            _sub(a, "modalites-enseignement", "2" if action.distance else "0")
            if action.place:
                lieu = _sub(a, "lieu-de-formation")
                coord = _sub(lieu, "coordonnees")
                adresse = _sub(coord, "adresse")
                _sub(adresse, "ville", action.place)
            prix = _sub(a, "prix-total-TTC")
            _sub(prix, "prix", f"{action.price:.2f}")
            _sub(a, "nombre-heures-total", f"{action.hours:.2f}")
            for session in action.sessions.all().order_by("id"):
                s = _sub(a, "session", numero=session.number or str(session.public_id))
                periode = _sub(s, "periode")
                _sub(periode, "debut", f"{session.starts_on:%Y%m%d}")
                _sub(periode, "fin", f"{session.ends_on:%Y%m%d}")
        body = offer.body
        o = _sub(f, "organisme-formation-responsable")
        if body.activity_number:
            _sub(o, "numero-activite", body.activity_number)
        siret = _sub(o, "SIRET-organisme-formation")
        _sub(siret, "SIRET", body.siret)
        _sub(o, "nom-organisme", body.name)
        _sub(o, "raison-sociale", body.name)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
