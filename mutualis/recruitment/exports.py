"""The JSON export of published offers (documented in docs/recruitment.md, « Export JSON »).

No personal data: offers, their week, places (member names only when the GE chose to show them),
pay range and skills. Format version 1."""

from django.utils import timezone

from mutualis.needs.timeline import describe

FORMAT_VERSION = 1


def _offer(offer, base_url):
    from .selectors import places

    return {
        "id": str(offer.public_id),
        "url": f"{base_url.rstrip('/')}/{offer.public_id}/",
        "employer_group": {"name": offer.group.name, "siren": offer.group.siren},
        "title": offer.title,
        "rome_code": offer.rome_code or None,
        "description": offer.description,
        "contract": "CDI",
        "weekly_minutes": offer.weekly_minutes,
        "schedule": [
            {
                "start": int(s["start"]),
                "end": int(s["end"]),
                "label": describe(int(s["start"]), int(s["end"])),
            }
            for s in sorted(offer.schedule, key=lambda s: s["start"])
        ],
        "places": [{"member": member, "site": site, "city": city} for member, site, city in places(offer)],
        "pay": {
            "currency": "EUR",
            "period": "hour",
            "gross_min": str(offer.pay_min),
            "gross_max": str(offer.pay_max) if offer.pay_max is not None else None,
        },
        "start_date": offer.start_date.isoformat(),
        "published_at": offer.published_at.isoformat() if offer.published_at else None,
        "skills": [
            {
                "code": s.skill.code,
                "label": s.skill.label,
                "kind": s.skill.kind,
                "requirement": s.requirement,
                "weight": s.weight,
                "level": s.level,
            }
            for s in offer.skills.all()
        ],
    }


def offers_document(offers, *, base_url):
    return {
        "format": "mutualis.job-offers",
        "version": FORMAT_VERSION,
        "generated_at": timezone.now().isoformat(),
        "offers": [_offer(offer, base_url) for offer in offers],
    }
