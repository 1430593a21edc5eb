"""Consolidation from the application vs the engine's command line: `make bench-consolidation`.

Issue 4 ("done when"): a run of 1,000 needs started from the application gives a plan as good as
the engine's command line on the same exported instance, with the same parameters and seed.

In a SQLite file of its own (a fresh temporary directory, deleted afterwards) this builds one GE
from the engine's territorial generator (`mutualis.engine.bench.generator.generate`): its members,
their sites (real coordinates of the Orne), their needs (ROME skills, fixed slots and flexible
volumes, seasons) created through `services.create_need`. It starts a consolidation with
`consolidation.start_consolidation` and runs the job in-process with `jobs.services.execute` (what
the background worker calls), downloads the run's instance from the `needs:run_instance` page,
solves that file with `python -m mutualis.engine solve --time-limit T --seed S` in a subprocess,
checks both plans with `mutualis.engine.check` and prints both side by side. Nothing is written to
the project's own database.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# ROME code -> job title a member would write (the generator gives codes only).
JOB_TITLES = {
    "A1414": "Maraîcher",
    "A1407": "Agent d'élevage",
    "A1416": "Agent polyvalent agricole",
    "G1603": "Employé polyvalent de restauration",
    "G1803": "Serveur",
    "G1501": "Employé d'étage",
    "D1106": "Vendeur en alimentation",
    "D1507": "Employé de mise en rayon",
    "K1207": "Animateur périscolaire",
    "G1202": "Animateur de loisirs",
    "M1607": "Secrétaire",
    "K2204": "Agent d'entretien",
    "A1203": "Jardinier",
    "K1302": "Agent de restauration scolaire",
}


def _setup(var_dir):
    os.environ["MUTUALIS_VAR_DIR"] = str(var_dir)
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.ALLOWED_HOSTS = ["*"]
    settings.DEBUG = False
    call_command("migrate", "--noinput", verbosity=0)


def build_group(data, *, log=print):
    """Create a GE, its director, members, sites and needs from a generator instance.

    Returns `(group, director, splits)`: `splits` counts the needs the application refused under
    their generated member because they overlap another need of that member (the application
    forbids it); each such need goes to a second establishment of the same organisation, at the same
    place, so that the instance keeps every need.
    """
    import datetime
    from decimal import Decimal

    from django.contrib.auth import get_user_model
    from django.core.exceptions import ValidationError

    from mutualis.accounts.models import Membership
    from mutualis.accounts.roles import Role
    from mutualis.core.identifiers import make_siren, make_siret
    from mutualis.employees.models import Skill, SkillKind
    from mutualis.employer_groups.models import EmployerGroup, LegalForm, VatRegime
    from mutualis.members.models import Member, MemberKind, MemberVatStatus, Site
    from mutualis.needs import services
    from mutualis.needs.models import NeedKind

    group = EmployerGroup.objects.create(
        name="GE Banc d'essai Orne",
        slug="ge-banc-essai",
        legal_form=LegalForm.ASSOCIATION,
        siren=make_siren(61_000_001),
        vat_regime=VatRegime.SUBJECT,
        invoice_prefix="BE",
        idcc="1516",
    )
    director = get_user_model().objects.create_user(username="directrice-banc", password=None)
    Membership.objects.create(user=director, group=group, role=Role.DIRECTOR)
    coords = {s["id"]: (s["lat"], s["lon"]) for s in data["sites"]}
    skills = {}
    numbers = iter(range(1, 10**6))
    places = {}  # (generated member, generated site, establishment) -> Site

    def place(member_ref, site_ref, establishment):
        key = (member_ref, site_ref, establishment)
        if key not in places:
            number = next(numbers)
            member = Member.objects.create(
                group=group,
                name=f"Adhérent {member_ref}"
                + (f" (établissement {establishment})" if establishment > 1 else ""),
                kind=MemberKind.COMPANY,
                siret=make_siret(62_000_000 + number),
                vat_status=MemberVatStatus.SUBJECT,
                joined_on=datetime.date(2024, 1, 1),
            )
            lat, lon = coords[site_ref]
            places[key] = Site.objects.create(
                group=group,
                member=member,
                name=f"Site {site_ref}",
                city="Orne",
                latitude=Decimal(str(lat)),
                longitude=Decimal(str(lon)),
            )
        return places[key]

    splits = 0
    for number, item in enumerate(data["needs"], start=1):
        code = item["skills"][0]
        if code not in skills:
            skills[code], _created = Skill.objects.get_or_create(
                code=code,
                defaults={
                    "label": JOB_TITLES.get(code, code),
                    "kind": SkillKind.TECHNICAL,
                    "rome_code": code,
                },
            )
        fields = {
            "job_title": JOB_TITLES.get(code, code),
            "rome_code": code,
            "weeks": item.get("weeks"),
            "skills": [skills[code]],
        }
        if "slots" in item:
            fields.update(kind=NeedKind.FIXED, slots=[(s["start"], s["end"]) for s in item["slots"]])
        else:
            flexible = item["flexible"]
            fields.update(
                kind=NeedKind.FLEXIBLE,
                weekly_minutes=flexible["weekly_minutes"],
                windows=[(w["start"], w["end"]) for w in flexible.get("windows", [])],
                min_block_minutes=flexible.get("min_block_minutes"),
                max_block_minutes=flexible.get("max_block_minutes"),
            )
        for establishment in range(1, 10):
            site = place(item["member"], item["site"], establishment)
            try:
                services.create_need(actor=director, group=group, member=site.member, site=site, **fields)
                break
            except ValidationError as exc:
                if "slots" not in exc.message_dict:
                    raise
                splits += 1
        if number % 250 == 0:
            log(f"  {number} besoins créés")
    return group, director, splits


def _export_instance(run, director):
    """The run's instance as the `needs:run_instance` page serves it (Django test client)."""
    from django.test import Client
    from django.urls import reverse

    from mutualis.accounts.middleware import SESSION_KEY
    from mutualis.accounts.models import Membership

    membership = Membership.objects.get(user=director, group=run.group)
    client = Client()
    client.force_login(director)
    session = client.session
    session[SESSION_KEY] = str(membership.public_id)
    session.save()
    response = client.get(reverse("needs:run_instance", kwargs={"public_id": run.public_id}))
    assert response.status_code == 200, response.status_code
    return response.content


def figures(plan, instance, seconds):
    """One column of the table: the engine's objective terms and the indicators planners read."""
    from mutualis.needs.consolidation import _placed_bound

    positions = plan.get("positions", [])
    stats = plan.get("stats", {})
    placed = _placed_bound(instance, plan)
    return {
        "employee_minutes": sum(p["weekly_minutes"] for p in positions if p.get("employee")),
        "minutes_placed": stats.get("minutes_placed", 0),
        "minutes_total": stats.get("minutes_total", 0),
        "positions": len(positions),
        "full_time_positions": stats.get("full_time_positions", 0),
        "unassigned": len(plan.get("unassigned", [])),
        "lower_bound": stats.get("lower_bound_positions"),
        "lower_bound_placed": placed.get("lower_bound_placed"),
        "gap": placed.get("gap_to_lower_bound"),
        "solve_seconds": stats.get("solve_seconds"),
        "wall_seconds": round(seconds, 1),
    }


def objective(f):
    """The engine's order (ENGINE.md): minutes to employees, minutes placed, then fewer positions."""
    return (f["employee_minutes"], f["minutes_placed"], -f["positions"])


def same_plan(a, b):
    """Same positions (employee, needs, schedule, in order) and the same unassigned needs."""

    def key(plan):
        return (
            [
                (p.get("employee"), p["needs"], [(s["need"], s["start"], s["end"]) for s in p["schedule"]])
                for p in plan.get("positions", [])
            ],
            sorted(plan.get("unassigned", [])),
        )

    return key(a) == key(b)


def _hours(minutes):
    return f"{minutes // 60} h {minutes % 60:02d}"


def _table(app, cli, log):
    rows = [
        ("Heures placées", "minutes_placed", _hours),
        ("Heures aux salariés existants", "employee_minutes", _hours),
        ("Postes", "positions", str),
        ("Postes à temps plein", "full_time_positions", str),
        ("Besoins non placés", "unassigned", str),
        ("Borne inférieure (tous les besoins)", "lower_bound", str),
        ("Borne inférieure (besoins placés)", "lower_bound_placed", str),
        ("Écart à la borne (besoins placés)", "gap", str),
        ("Temps du moteur (s)", "solve_seconds", str),
        ("Temps total (s)", "wall_seconds", str),
    ]
    log(f"| {'':38} | {'application':>14} | {'ligne de commande':>17} | {'app / CLI':>9} |")
    log(f"|{'-' * 40}|{'-' * 16}:|{'-' * 19}:|{'-' * 10}:|")
    for label, key, fmt in rows:
        a, c = app[key], cli[key]
        ratio = f"{a / c:.3f}" if isinstance(a, int | float) and isinstance(c, int | float) and c else "—"
        shown_a = fmt(a) if a is not None else "—"
        shown_c = fmt(c) if c is not None else "—"
        log(f"| {label:38} | {shown_a:>14} | {shown_c:>17} | {ratio:>9} |")


def run(*, needs=1000, generator_seed=0, seed=0, time_limit=60, keep=None, log=print):
    """Build, run both ways, print the comparison; return a dict of the results."""
    with tempfile.TemporaryDirectory(prefix="mutualis-bench-consolidation-") as tmp:
        tmp = Path(tmp)
        _setup(tmp)
        from mutualis.engine import check
        from mutualis.engine.bench.generator import generate
        from mutualis.jobs import services as jobs

        from . import consolidation
        from .models import RunStatus

        log(f"Instance territoriale : generate({needs}, seed={generator_seed})")
        data = generate(needs, seed=generator_seed)
        started = time.perf_counter()
        group, director, splits = build_group(data, log=log)
        log(
            f"  GE créé en {time.perf_counter() - started:.1f} s ({splits} besoins déplacés vers un 2e établissement)"
        )

        log(f"Consolidation depuis l'application (graine {seed}, {time_limit} s)…")
        run = consolidation.start_consolidation(
            actor=director, group=group, seed=seed, time_limit_seconds=time_limit, label="Banc d'essai"
        )
        started = time.perf_counter()
        jobs.execute(run.job_id)  # what the background worker runs, here in-process
        app_seconds = time.perf_counter() - started
        run.refresh_from_db()
        if run.status != RunStatus.SUCCEEDED:
            raise SystemExit(f"run {run.status}: {run.error}")

        path = tmp / "instance.json"
        path.write_bytes(_export_instance(run, director))
        instance = json.loads(path.read_text(encoding="utf-8"))
        assert instance == run.instance
        plan_path = tmp / "plan-cli.json"
        command = [
            sys.executable, "-m", "mutualis.engine", "solve", str(path),
            "--time-limit", str(time_limit), "--seed", str(seed), "-o", str(plan_path),
        ]  # fmt: skip
        log("Même instance, ligne de commande : python -m mutualis.engine solve instance.json "
            f"--time-limit {time_limit} --seed {seed}")  # fmt: skip
        started = time.perf_counter()
        subprocess.run(command, check=True, stderr=subprocess.DEVNULL)
        cli_seconds = time.perf_counter() - started
        cli_plan = json.loads(plan_path.read_text(encoding="utf-8"))

        app_problems = check(instance, run.plan)
        cli_problems = check(instance, cli_plan)
        app = figures(run.plan, instance, app_seconds)
        cli = figures(cli_plan, instance, cli_seconds)
        identical = same_plan(run.plan, cli_plan)
        if keep:
            keep = Path(keep)
            keep.mkdir(parents=True, exist_ok=True)
            (keep / "instance.json").write_bytes(path.read_bytes())
            (keep / "plan-cli.json").write_bytes(plan_path.read_bytes())
            (keep / "plan-app.json").write_text(json.dumps(run.plan, ensure_ascii=False), encoding="utf-8")
        as_good = objective(app) >= objective(cli)

        log("")
        log(
            f"{len(instance['needs'])} besoins, {len(instance['sites'])} sites, "
            f"{len({n['member'] for n in instance['needs']})} organisations, "
            f"paramètres {instance['params'] or 'par défaut'}"
        )
        _table(app, cli, log)
        log("")
        log(f"Plan de l'application vérifié : {'valide' if not app_problems else app_problems[:3]}")
        log(f"Plan de la ligne de commande vérifié : {'valide' if not cli_problems else cli_problems[:3]}")
        log(f"Plans identiques : {'oui' if identical else 'non'}")
        log(f"Verdict : {'aussi bon' if as_good else 'moins bon'} (ordre de l'objectif du moteur)")
        return {
            "app": app,
            "cli": cli,
            "identical": identical,
            "as_good": as_good,
            "valid": not app_problems and not cli_problems,
        }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--needs", type=int, default=1000, help="number of needs (default 1000)")
    parser.add_argument("--instance-seed", type=int, default=0, help="seed of the generator (default 0)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the engine, both ways (default 0)")
    parser.add_argument("--time-limit", type=int, default=60, help="seconds, both ways (default 60)")
    parser.add_argument("--keep", help="directory where to copy the instance and both plans")
    args = parser.parse_args(argv)
    result = run(
        needs=args.needs,
        generator_seed=args.instance_seed,
        seed=args.seed,
        time_limit=args.time_limit,
        keep=args.keep,
    )
    return 0 if result["as_good"] and result["valid"] else 1


if __name__ == "__main__":
    sys.exit(main())
