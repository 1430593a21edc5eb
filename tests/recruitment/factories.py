"""Helpers of the recruitment tests: a position over two members of GE a, its offer, candidates."""

import datetime as dt
import io
import zipfile
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from mutualis.employees.models import Skill
from mutualis.needs.models import NeedStatus, Position
from mutualis.needs.timeline import to_minutes
from mutualis.recruitment import services
from tests.needs.factories import NeedFactory

# Monday and Thursday 08:00–12:00 at member a1, Tuesday 14:00–18:00 at member a2: 12 h a week.
BLOCKS_A1 = [(to_minutes(0, 8), to_minutes(0, 12)), (to_minutes(3, 8), to_minutes(3, 12))]
BLOCKS_A2 = [(to_minutes(1, 14), to_minutes(1, 18))]


def skill(code="T-ENTRETIEN", label="Entretien des locaux", kind="technical"):
    return Skill.objects.get_or_create(code=code, defaults={"label": label, "kind": kind})[0]


def make_position(p, *, title="Agent d'entretien", blocks_a1=BLOCKS_A1, blocks_a2=BLOCKS_A2):
    need_a1 = NeedFactory(member=p.member_a1, site=p.site_a1, slots=blocks_a1, status=NeedStatus.CONSOLIDATED)
    need_a2 = NeedFactory(member=p.member_a2, site=p.site_a2, slots=blocks_a2, status=NeedStatus.CONSOLIDATED)
    need_a1.skills.add(skill())
    schedule = [{"need": str(need_a1.public_id), "start": s, "end": e} for s, e in blocks_a1] + [
        {"need": str(need_a2.public_id), "start": s, "end": e} for s, e in blocks_a2
    ]
    position = Position.objects.create(
        group=p.group_a,
        title=title,
        rome_code="K2204",
        weekly_minutes=sum(e - s for s, e in blocks_a1 + blocks_a2),
        schedule=sorted(schedule, key=lambda i: i["start"]),
        accepted_at=timezone.now(),
    )
    position.needs.set([need_a1, need_a2])
    position.members.set([p.member_a1, p.member_a2])
    return position


def make_offer(p, position=None, *, publish=True, **fields):
    position = position or make_position(p)
    offer = services.create_offer_from_position(actor=p.planner_a, position=position, **fields)
    if publish:
        offer = services.set_offer_status(actor=p.planner_a, offer=offer, status="published")
    return offer


def make_candidate(p, **fields):
    defaults = {"first_name": "Camille", "last_name": "Durand", "email": "camille@example.org"}
    return services.save_candidate(
        actor=p.planner_a, group=fields.pop("group", p.group_a), **{**defaults, **fields}
    )


def pdf(name="cv.pdf", size=None):
    content = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
    if size:
        content += b"0" * (size - len(content))
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def docx(name="cv.docx"):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return SimpleUploadedFile(name, buffer.getvalue())


def odt(name="cv.odt"):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    return SimpleUploadedFile(name, buffer.getvalue())


def next_monday(weeks=2):
    today = timezone.localdate()
    return today + dt.timedelta(days=7 * weeks - today.weekday())


PAY = Decimal("12.50")
