"""Demo data: a deterministic plan (pure Python, no database) and the functions that write it.

`make_plan(spec, scale)` draws everything from a random generator seeded by the spec, so two runs
give the same names, SIRETs, sites and contracts. `build(plan)` writes a plan in one transaction
with bulk inserts; `delete_group(group)` removes a demo GE and every row of it.
"""

import datetime
import hashlib
import math
import random
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from mutualis.accounts.models import Membership, User
from mutualis.accounts.roles import Role
from mutualis.core.identifiers import make_siren, make_siret
from mutualis.core.models import AuditEvent
from mutualis.employees.models import Contract, Employee, Skill, SkillKind
from mutualis.employer_groups.models import EmployerGroup
from mutualis.members.models import Member, Site

from . import data

# ---------------------------------------------------------------------------------------------
# The plan: plain data, computed without the database.
# ---------------------------------------------------------------------------------------------


@dataclass
class PlannedSite:
    name: str
    address: str
    commune: data.Commune
    latitude: Decimal
    longitude: Decimal


@dataclass
class PlannedMember:
    name: str
    kind: str
    sector: str
    siret: str
    naf_code: str
    headcount_band: str
    vat_status: str
    joined_on: datetime.date
    deposit: Decimal
    email: str
    phone: str
    sites: list = field(default_factory=list)


@dataclass
class PlannedContract:
    kind: str
    job: data.JobSpec
    weekly_hours: Decimal
    gross_hourly_wage: Decimal
    start_date: datetime.date
    end_date: datetime.date | None
    part_time_exemption: bool
    members: list  # indexes into plan.members
    places: list  # (member index, site index)
    aid: dict = field(default_factory=dict)


@dataclass
class PlannedEmployee:
    first_name: str
    last_name: str
    birth_date: datetime.date
    email: str
    phone: str
    address: str
    commune: data.Commune
    skills: list  # skill codes
    contract: PlannedContract


@dataclass
class Plan:
    spec: data.GroupSpec
    siren: str
    members: list
    employees: list
    contact_member: int | None = None  # member index of the `contact-adherent` account
    account_employee: int | None = None  # employee index of the `salarie` account

    @property
    def sites_count(self):
        return sum(len(m.sites) for m in self.members)

    def summary(self):
        kinds = {}
        for employee in self.employees:
            kinds[employee.contract.kind] = kinds.get(employee.contract.kind, 0) + 1
        return {
            "members": len(self.members),
            "public_bodies": sum(1 for m in self.members if m.kind == "public_body"),
            "sites": self.sites_count,
            "employees": len(self.employees),
            "contracts": kinds,
        }

    def digest(self):
        return digest_rows(plan_rows(self))


def _de(commune_name):
    """French 'de' before a commune name: d'Alençon, du Mêle-sur-Sarthe, de la Ferté-Macé, de Sées."""
    if commune_name.startswith("Le "):
        return "du " + commune_name[3:]
    if commune_name.startswith("La "):
        return "de la " + commune_name[3:]
    if commune_name[0] in "AEÉIOUYÂÊÎÔ":
        return "d'" + commune_name
    return "de " + commune_name


def _distance_km(a_lat, a_lon, b_lat, b_lon):
    """Equirectangular approximation: good enough at the scale of a département."""
    lat = math.radians((float(a_lat) + float(b_lat)) / 2)
    dx = math.radians(float(b_lon) - float(a_lon)) * math.cos(lat)
    dy = math.radians(float(b_lat) - float(a_lat))
    return 6371 * math.hypot(dx, dy)


def _split(total, weights):
    """Split `total` into integer parts proportional to `weights` (largest remainder), in key order."""
    weight_sum = sum(weights.values())
    raw = {k: total * w / weight_sum for k, w in weights.items()}
    parts = {k: int(v) for k, v in raw.items()}
    leftover = total - sum(parts.values())
    for key in sorted(raw, key=lambda k: (-(raw[k] - parts[k]), list(weights).index(k)))[:leftover]:
        parts[key] += 1
    return parts


def _money(value, places="0.0001"):
    return Decimal(value).quantize(Decimal(places), rounding=ROUND_HALF_UP)


def _add_years(day, years):
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


class _Planner:
    def __init__(self, spec, scale):
        self.spec = spec
        self.rng = random.Random(spec.seed)
        self.scale = scale
        if spec.communes:
            self.communes = [data.COMMUNES_BY_NAME[name] for name in spec.communes]
            self.commune_weights = [3 if i == 0 else 1 for i in range(len(self.communes))]
        else:
            self.communes = list(data.COMMUNES)
            self.commune_weights = [4 if c.name in data.URBAN_AREA else 1 for c in self.communes]
        names = [c.name for c in self.communes]
        home = names.index(spec.commune) if spec.commune in names else 0
        self.commune_weights[home] = max(self.commune_weights) * 3  # the GE's home town weighs most
        self.used_names = set()

    # -- members -------------------------------------------------------------------------------
    def counts(self):
        members = max(3, round(self.spec.members * self.scale))
        public = min(members - 2, max(1, round(self.spec.public_bodies * self.scale)))
        employees = max(2, round(self.spec.employees * self.scale))
        return members, public, employees

    def nearest_communes(self, commune, n):
        others = sorted(
            (c for c in self.communes if c != commune),
            key=lambda c: (
                _distance_km(commune.latitude, commune.longitude, c.latitude, c.longitude),
                c.name,
            ),
        )
        return others[:n]

    def make_site(self, name, commune):
        rng = self.rng
        jitter = Decimal(rng.randint(-30, 30)) / 10000  # ±0.003° (~300 m) around the commune centre
        jitter_lon = Decimal(rng.randint(-40, 40)) / 10000
        return PlannedSite(
            name=name,
            address=f"{rng.randint(1, 60)} {rng.choice(data.STREETS)}",
            commune=commune,
            latitude=_money(commune.latitude + jitter, "0.000001"),
            longitude=_money(commune.longitude + jitter_lon, "0.000001"),
        )

    def unique_name(self, make, commune):
        for _attempt in range(30):
            name = make()
            if name not in self.used_names:
                break
        else:
            name = f"{make()} ({commune.name})"
            suffix = 2
            while name in self.used_names:
                name = f"{make()} ({commune.name} {suffix})"
                suffix += 1
        self.used_names.add(name)
        return name

    def plan_members(self, count, public):
        rng = self.rng
        spec = self.spec
        sirens = rng.sample(range(30_000_000, 99_999_999), count)
        members = []
        # Public bodies first: named after their commune.
        public_names = list(spec.public_body_names)
        free_communes = [c for c in self.communes if c.name not in {n[1] for n in public_names}]
        while len(public_names) < public:
            commune = free_communes.pop(0)
            public_names.append((f"Commune {_de(commune.name)}", commune.name))
        # A public body's SIREN starts with 2 and its department; distinct numbers, so no SIRET clash.
        public_numbers = rng.sample(range(1000, 9999), public)
        for i, (name, commune_name) in enumerate(public_names[:public]):
            commune = data.COMMUNES_BY_NAME[commune_name]
            self.used_names.add(name)
            siren_base = int(f"21{commune.department}{public_numbers[i]}")
            member = PlannedMember(
                name=name,
                kind="public_body",
                sector="public",
                siret=make_siret(siren_base, establishment=1),
                naf_code="84.11Z",
                headcount_band=rng.choice(["10-49", "50-249", "250+"]),
                vat_status="not_subject",
                joined_on=self.join_date(),
                deposit=Decimal("0.00"),
                email=f"finances@{slugify(commune.name)}.example.org",
                phone=self.phone(1000 + i),
            )
            site_names = ["Hôtel de ville", "Services techniques", "Restaurant scolaire", "Médiathèque"]
            n_sites = rng.choice([2, 3])
            member.sites.append(self.make_site(site_names[0], commune))
            for site_name in site_names[1:n_sites]:
                member.sites.append(self.make_site(site_name, commune))
            members.append(member)
        for sector_key, n in _split(count - public, spec.sectors).items():
            sector = data.SECTORS[sector_key]
            for _k in range(n):
                members.append(self.plan_member(sector, sirens[len(members)], len(members)))
        return members

    def join_date(self):
        start = datetime.date(2014, 3, 1)
        span = (data.REFERENCE_DATE - datetime.timedelta(days=30) - start).days
        return start + datetime.timedelta(days=self.rng.randint(0, span))

    def phone(self, n):
        # The 01 99 00 range is reserved by ARCEP for fiction.
        return f"01 99 00 {n // 100 % 100:02d} {n % 100:02d}"

    def plan_member(self, sector, siren_number, index):
        rng = self.rng
        commune = rng.choices(self.communes, weights=self.commune_weights)[0]

        activity = rng.choice(sector.activities)

        def make():
            return activity.pattern.format(
                family=rng.choice(data.FAMILY_NAMES),
                place=rng.choice(data.PLACE_WORDS),
                de_commune=_de(commune.name),
                word=rng.choice(data.WORDS),
            )

        name = self.unique_name(make, commune)
        member = PlannedMember(
            name=name,
            kind=sector.kind,
            sector=sector.key,
            siret=make_siret(siren_number, establishment=rng.randint(1, 3)),
            naf_code=activity.naf,
            headcount_band=rng.choice(sector.headcount_bands),
            vat_status=sector.vat_status,
            joined_on=self.join_date(),
            deposit=Decimal(rng.choice([0, 300, 500, 500, 800, 1000])).quantize(Decimal("0.01")),
            email=f"compta@{slugify(name)[:40].strip('-')}.example.org",
            phone=self.phone(index),
        )
        n_sites = min(len(activity.sites), rng.choices([1, 2, 3], weights=[6, 3, 1])[0])
        nearby = [commune, *self.nearest_communes(commune, 4)]
        for j, site_name in enumerate(activity.sites[:n_sites]):
            where = commune if j == 0 else rng.choice(nearby)
            member.sites.append(self.make_site(site_name, where))
        return member

    # -- employees -----------------------------------------------------------------------------
    def contract_kinds(self, n):
        cdi = round(n * 2 / 3)
        others = _split(n - cdi, dict(data.NON_CDI_MIX))
        kinds = ["cdi"] * cdi + [k for k, c in others.items() for _ in range(c)]
        head, rest = kinds[0], kinds[1:]
        self.rng.shuffle(rest)
        return [head, *rest]  # the first employee (the `salarie` account) is on a CDI

    def job_for(self, kind):
        if self.spec.sectors.keys() == {"sport"}:
            return data.SPORT_JOB
        if kind == "adult_relay":
            return data.ADULT_RELAY_JOB
        if kind == "digital_advisor":
            return data.DIGITAL_ADVISOR_JOB
        jobs = data.JOBS
        if kind == "pec":  # aided contracts for the non-market members' needs
            jobs = [j for j in jobs if {"assoc", "public"} & set(j.sectors)]
        return self.rng.choice(jobs)

    def pick_members(self, members, job, kind, k):
        rng = self.rng
        sectors = set(job.sectors)
        if kind in ("pec", "adult_relay", "digital_advisor"):
            sectors &= {"assoc", "public", "sport"}
        compatible = [i for i, m in enumerate(members) if m.sector in sectors] or list(range(len(members)))
        anchor = rng.choice(compatible)
        home = members[anchor].sites[0]

        def distance(i):
            site = members[i].sites[0]
            return (_distance_km(home.latitude, home.longitude, site.latitude, site.longitude), i)

        pool = sorted((i for i in compatible if i != anchor), key=distance)[:6]
        if len(pool) < k - 1:  # too few of the right sector nearby: complete with the nearest members
            pool += sorted((i for i in range(len(members)) if i != anchor and i not in pool), key=distance)
        chosen = [anchor, *rng.sample(pool[: max(6, k - 1)], k - 1)]
        places = []
        for i in chosen:
            nearest = min(
                range(len(members[i].sites)),
                key=lambda j: _distance_km(
                    home.latitude, home.longitude, members[i].sites[j].latitude, members[i].sites[j].longitude
                ),
            )
            places.append((i, nearest))
        return chosen, places

    def plan_employees(self, n, members):
        rng = self.rng
        names = rng.sample([(first, last) for last in data.FAMILY_NAMES for first in data.FIRST_NAMES], n)
        emails = set()
        employees = []
        for index, (kind, (first, last)) in enumerate(zip(self.contract_kinds(n), names, strict=True)):
            job = self.job_for(kind)
            k = 3 if index == 0 else rng.choices([2, 3, 4], weights=[4, 4, 2])[0]
            chosen, places = self.pick_members(members, job, kind, min(k, len(members)))
            contract = self.plan_contract(kind, job, chosen, places)
            base = f"{slugify(first)}.{slugify(last)}"
            email, suffix = f"{base}@example.org", 2
            while email in emails:
                email, suffix = f"{base}{suffix}@example.org", suffix + 1
            emails.add(email)
            home_site = members[places[0][0]].sites[places[0][1]]
            commune = rng.choice([home_site.commune, *self.nearest_communes(home_site.commune, 4)])
            skills = [job.rome]
            if job.rome in data.SECOND_SKILLS and rng.random() < 0.5:
                skills.append(data.SECOND_SKILLS[job.rome])
            affinities = data.SKILL_AFFINITIES.get(job.rome, [])
            soft = rng.sample(affinities, k=min(len(affinities), rng.randint(1, 3)))
            transversal = [c for c, _label in data.TRANSVERSAL_SKILLS]
            behavioural = [c for c, _label in data.BEHAVIOURAL_SKILLS]
            extra = rng.choice(transversal if rng.random() < 0.5 else behavioural)
            skills = list(dict.fromkeys([*skills, *soft, extra]))
            employees.append(
                PlannedEmployee(
                    first_name=first,
                    last_name=last,
                    birth_date=self.birth_date(kind),
                    email=email,
                    # The 06 39 98 range is reserved by ARCEP for fiction.
                    phone=f"06 39 98 {index // 100 % 100:02d} {index % 100:02d}",
                    address=f"{rng.randint(1, 80)} {rng.choice(data.STREETS)}",
                    commune=commune,
                    skills=skills,
                    contract=contract,
                )
            )
        return employees

    def birth_date(self, kind):
        ages = {"apprenticeship": (17, 21), "professionalisation": (21, 25), "adult_relay": (31, 58)}
        low, high = ages.get(kind, (19, 62))
        age_days = self.rng.randint(low * 365 + 30, high * 365 + 300)
        return data.REFERENCE_DATE - datetime.timedelta(days=age_days)

    def plan_contract(self, kind, job, chosen, places):
        rng = self.rng
        ref = data.REFERENCE_DATE
        days = datetime.timedelta
        aid = {}
        exemption = False
        wage = job.wage
        if kind == "cdi":
            start = ref - days(rng.randint(60, 3650))
            end = None
            hours = rng.choice([18, 20, 24, 26, 28, 30, 30, 32, 35, 35, 35, 35])
            exemption = hours < 24  # the employee's written request (art. L3123-7)
            wage += Decimal(rng.randint(0, 30)) * Decimal("0.05")  # seniority
        elif kind == "cdd":
            start = ref - days(rng.randint(0, 200))
            end = start + days(rng.randint(365, 540))
            hours = rng.choice([24, 28, 30, 35])
        elif kind == "pec":
            start = ref - days(rng.randint(0, 150))
            end = _add_years(start, 1) - days(1)
            hours = rng.choice([20, 24, 26])
            exemption = hours < 24
            aid = {
                "aid_rate_percent": data.PEC_AID_RATE,
                "aid_weekly_hours_cap": data.PEC_AID_WEEKLY_CAP,
                "aid_start_date": start,
                "aid_end_date": end,
                "aid_reference": f"PEC-061-{start.year}-{rng.randint(1000, 9999)}",
            }
        elif kind == "adult_relay":
            start = ref - days(rng.randint(0, 400))
            end = _add_years(start, 3) - days(1)
            hours = 35
            aid = {
                "aid_yearly_amount": data.ADULT_RELAY_YEARLY_AID,
                "aid_start_date": start,
                "aid_end_date": end,
                "aid_reference": f"AR-061-{start.year}-{rng.randint(100, 999)}",
            }
        elif kind == "digital_advisor":
            start = ref - days(rng.randint(0, 300))
            end = _add_years(start, 2) - days(1)
            hours = 35
            aid = {
                "aid_yearly_amount": data.DIGITAL_ADVISOR_YEARLY_AID,
                "aid_start_date": start,
                "aid_end_date": end,
                "aid_reference": f"CNFS-{rng.randint(10000, 99999)}",
            }
        elif kind == "apprenticeship":
            start = datetime.date(ref.year - rng.randint(0, 1), 9, 1)
            end = _add_years(start, 2) - days(1)
            hours = 35
            wage = data.SMIC_HOURLY * data.APPRENTICE_WAGE_SHARE
        else:  # professionalisation
            start = ref - days(rng.randint(0, 120))
            end = _add_years(start, 1) - days(1)
            hours = 35
            wage = data.SMIC_HOURLY * data.PROFESSIONALISATION_WAGE_SHARE
        if kind not in ("apprenticeship", "professionalisation"):
            wage = max(wage, data.SMIC_HOURLY)
        return PlannedContract(
            kind=kind,
            job=job,
            weekly_hours=Decimal(hours).quantize(Decimal("0.01")),
            gross_hourly_wage=_money(wage),
            start_date=start,
            end_date=end,
            part_time_exemption=exemption,
            members=chosen,
            places=places,
            aid=aid,
        )


def make_plan(spec, scale=1.0):
    """The deterministic plan of one demo GE. `scale` shrinks or grows the member/employee counts."""
    planner = _Planner(spec, scale)
    n_members, n_public, n_employees = planner.counts()
    members = planner.plan_members(n_members, n_public)
    employees = planner.plan_employees(n_employees, members)
    plan = Plan(spec=spec, siren=make_siren(spec.siren_number), members=members, employees=employees)
    if spec.accounts:
        plan.account_employee = 0
        plan.contact_member = employees[0].contract.members[0]
    return plan


def plan_rows(plan):
    """The identifying rows of a plan, in a stable order (see `group_rows` for the database side)."""
    rows = [("group", plan.spec.name, plan.siren)]
    rows += sorted(("member", m.name, m.siret, m.kind, m.naf_code) for m in plan.members)
    rows += sorted(
        ("site", m.name, s.name, s.commune.name, str(s.latitude), str(s.longitude))
        for m in plan.members
        for s in m.sites
    )
    rows += sorted(
        (
            "employee",
            e.first_name,
            e.last_name,
            e.contract.kind,
            e.contract.job.rome,
            str(e.contract.start_date),
        )
        for e in plan.employees
    )
    return rows


def group_rows(group):
    """The same rows as `plan_rows`, read back from the database."""
    rows = [("group", group.name, group.siren)]
    rows += sorted(Member.objects.filter(group=group).values_list("name", "siret", "kind", "naf_code"))
    rows = rows[:1] + [("member", *r) for r in rows[1:]]
    sites = Site.objects.filter(group=group).values_list(
        "member__name", "name", "city", "latitude", "longitude"
    )
    rows += sorted(("site", m, n, c, str(lat), str(lon)) for m, n, c, lat, lon in sites)
    contracts = Contract.objects.filter(group=group).values_list(
        "employee__first_name", "employee__last_name", "kind", "rome_code", "start_date"
    )
    rows += sorted(("employee", f, last, k, r, str(s)) for f, last, k, r, s in contracts)
    return rows


def digest_rows(rows):
    return hashlib.sha256(repr(rows).encode()).hexdigest()


# ---------------------------------------------------------------------------------------------
# Writing and deleting.
# ---------------------------------------------------------------------------------------------


def ensure_skills():
    """The demo's skill referential (ROME codes, transversal and behavioural skills): code → Skill."""
    wanted = {code: (label, SkillKind.TECHNICAL, code) for code, label in data.ROME.items()}
    wanted[data.SPORT_JOB.rome] = (
        "Éducation en activités sportives",
        SkillKind.TECHNICAL,
        data.SPORT_JOB.rome,
    )
    wanted.update({code: (label, SkillKind.TRANSVERSAL, "") for code, label in data.TRANSVERSAL_SKILLS})
    wanted.update({code: (label, SkillKind.BEHAVIOURAL, "") for code, label in data.BEHAVIOURAL_SKILLS})
    existing = {s.code: s for s in Skill.objects.filter(code__in=list(wanted))}
    Skill.objects.bulk_create(
        [
            Skill(code=code, label=label, kind=kind, rome_code=rome)
            for code, (label, kind, rome) in wanted.items()
            if code not in existing
        ]
    )
    return {s.code: s for s in Skill.objects.filter(code__in=list(wanted))}


def _ensure_user(account, email_domain="example.org"):
    user = User.objects.filter(username=account.username).first()
    if user is None:  # an existing account keeps its password: the demo never resets one
        user = User.objects.create(
            username=account.username,
            first_name=account.first_name,
            last_name=account.last_name,
            email=f"{account.username}@{email_domain}",
            password=make_password(data.DEMO_PASSWORD),
            is_superuser=account.is_superuser,
            is_staff=account.is_superuser,
        )
    return user


@transaction.atomic
def build(plan, *, log=lambda message: None):
    """Write a plan: the GE, its members and sites, employees, contracts and accounts."""
    spec = plan.spec
    home = data.COMMUNES_BY_NAME[spec.commune]
    group = EmployerGroup.objects.create(
        slug=spec.slug,
        name=spec.name,
        legal_form=spec.legal_form,
        siren=plan.siren,
        siret=make_siret(spec.siren_number, establishment=1),
        address=spec.address,
        postcode=home.postcode,
        city=home.name,
        idcc=spec.idcc,
        vat_regime=spec.vat_regime,
        default_billing_coefficient=spec.coefficient,
        invoice_prefix=spec.invoice_prefix,
    )
    log(_("%(name)s : groupement créé.") % {"name": group.name})
    skills = ensure_skills()

    members = Member.objects.bulk_create(
        [
            Member(
                group=group,
                name=m.name,
                kind=m.kind,
                siret=m.siret,
                naf_code=m.naf_code,
                headcount_band=m.headcount_band,
                vat_status=m.vat_status,
                joined_on=m.joined_on,
                deposit=m.deposit,
                email=m.email,
                phone=m.phone,
            )
            for m in plan.members
        ],
        batch_size=500,
    )
    site_objects = [
        [
            Site(
                group=group,
                member=member,
                name=s.name,
                address=s.address,
                postcode=s.commune.postcode,
                city=s.commune.name,
                latitude=s.latitude,
                longitude=s.longitude,
            )
            for s in planned.sites
        ]
        for member, planned in zip(members, plan.members, strict=True)
    ]
    Site.objects.bulk_create([s for sites in site_objects for s in sites], batch_size=500)
    log(
        _("%(name)s : %(members)d adhérents et %(sites)d sites.")
        % {
            "name": group.name,
            "members": len(members),
            "sites": plan.sites_count,
        }
    )

    employees = Employee.objects.bulk_create(
        [
            Employee(
                group=group,
                first_name=e.first_name,
                last_name=e.last_name,
                birth_date=e.birth_date,
                email=e.email,
                phone=e.phone,
                address=e.address,
                postcode=e.commune.postcode,
                city=e.commune.name,
                home_site=site_objects[e.contract.places[0][0]][e.contract.places[0][1]],
            )
            for e in plan.employees
        ],
        batch_size=500,
    )
    EmployeeSkill = Employee.skills.through
    EmployeeSkill.objects.bulk_create(
        [
            EmployeeSkill(employee_id=employee.pk, skill_id=skills[code].pk)
            for employee, planned in zip(employees, plan.employees, strict=True)
            for code in planned.skills
        ],
        batch_size=1000,
    )
    contracts = Contract.objects.bulk_create(
        [
            Contract(
                group=group,
                employee=employee,
                kind=c.kind,
                job_title=c.job.title,
                qualification=c.job.qualification,
                rome_code=c.job.rome,
                weekly_hours=c.weekly_hours,
                gross_hourly_wage=c.gross_hourly_wage,
                start_date=c.start_date,
                end_date=c.end_date,
                part_time_exemption=c.part_time_exemption,
                **c.aid,
            )
            for employee, c in ((e, p.contract) for e, p in zip(employees, plan.employees, strict=True))
        ],
        batch_size=500,
    )
    PotentialMember = Contract.potential_members.through
    Place = Contract.places.through
    PotentialMember.objects.bulk_create(
        [
            PotentialMember(contract_id=contract.pk, member_id=members[i].pk)
            for contract, planned in zip(contracts, plan.employees, strict=True)
            for i in planned.contract.members
        ],
        batch_size=1000,
    )
    Place.objects.bulk_create(
        [
            Place(contract_id=contract.pk, site_id=site_objects[i][j].pk)
            for contract, planned in zip(contracts, plan.employees, strict=True)
            for i, j in planned.contract.places
        ],
        batch_size=1000,
    )
    log(
        _("%(name)s : %(employees)d salariés et leurs contrats.")
        % {
            "name": group.name,
            "employees": len(employees),
        }
    )

    from mutualis.planning.demo import build_demo_assignments  # planning: weekly patterns (issue 5)

    build_demo_assignments(group)
    usernames = _create_accounts(plan, group, members, employees)
    if usernames:
        log(_("%(name)s : comptes %(accounts)s.") % {"name": group.name, "accounts": ", ".join(usernames)})
    return group


def _create_accounts(plan, group, members, employees):
    spec = plan.spec
    accounts = {a.username: a for a in data.ACCOUNTS}
    usernames = []
    if spec.accounts:
        for account in data.ACCOUNTS:
            if account.username == "salarie":
                employee = employees[plan.account_employee]
                account = data.Account("salarie", "employee", employee.first_name, employee.last_name)
            user = _ensure_user(account)
            usernames.append(account.username)
            if not account.role:
                continue  # the platform admin belongs to no GE
            Membership.objects.get_or_create(
                user=user,
                group=group,
                role=account.role,
                member=members[plan.contact_member] if account.role == "member_contact" else None,
                employee=employees[plan.account_employee] if account.role == "employee" else None,
            )
    for username, role in spec.extra_memberships:
        user = _ensure_user(accounts[username])
        Membership.objects.get_or_create(user=user, group=group, role=role, member=None, employee=None)
        usernames.append(f"{username} ({Role(role).label})")
    return usernames


def _tenant_models():
    """Every model with a foreign key to EmployerGroup (the tenant rows), besides the journal."""
    found = []
    for model in apps.get_models():
        if model in (AuditEvent, EmployerGroup):
            continue
        fields = [
            f.name
            for f in model._meta.get_fields()
            if f.many_to_one and f.concrete and f.related_model is EmployerGroup
        ]
        if fields:
            found.append((model, fields[0]))
    return found


@transaction.atomic
def delete_group(group, *, log=lambda message: None):
    """Delete a demo GE with all its rows; a GE the journal mentions is retired instead (append-only).

    Returns "deleted" or "retired".
    """
    if AuditEvent.objects.filter(group=group).exists():
        stamp = timezone.now().strftime("%Y%m%d%H%M%S")
        EmployerGroup.objects.filter(pk=group.pk).update(
            slug=f"{group.slug}-archive-{stamp}"[:50], name=f"{group.name} (archivé {stamp})", is_active=False
        )
        log(
            _("%(name)s : le journal le mentionne ; il est désactivé et renommé, pas supprimé.")
            % {"name": group.name}
        )
        return "retired"
    pending = _tenant_models()
    for _round in range(len(pending) + 1):
        blocked = []
        for model, field_name in pending:
            try:
                with transaction.atomic():
                    model._base_manager.filter(**{field_name: group}).delete()
            except (ProtectedError, RestrictedError):
                blocked.append((model, field_name))
        if not blocked:
            break
        pending = blocked
    group.delete()
    log(_("%(name)s : supprimé.") % {"name": group.name})
    return "deleted"
