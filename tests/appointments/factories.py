import datetime as dt

from django.utils import timezone

from mutualis.appointments import services


def future(days=3, hour=10, minutes=0):
    day = timezone.localdate() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minutes)))


def make_appointment(*, actor, group, starts_at=None, hours=1, email="camille@example.org", **kwargs):
    starts_at = starts_at or future()
    return services.create_appointment(
        actor=actor,
        group=group,
        kind=kwargs.pop("kind", "interview"),
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(hours=hours),
        place=kwargs.pop("place", "12 rue du Pont-Neuf, Alençon"),
        participants=kwargs.pop(
            "participants", [services.ParticipantSpec(name="Camille Martin", email=email, phone="0612345678")]
        ),
        **kwargs,
    )
