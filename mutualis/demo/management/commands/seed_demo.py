"""`python manage.py seed_demo`: build the demo GE(s), deterministically and idempotently."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db.models import ProtectedError, RestrictedError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mutualis.demo import builder, data
from mutualis.employer_groups.models import EmployerGroup

KIND_LABELS = {
    "cdi": "CDI",
    "cdd": "CDD",
    "pec": "PEC",
    "apprenticeship": "apprentissage",
    "professionalisation": "professionnalisation",
    "adult_relay": "adulte-relais",
    "digital_advisor": "conseiller numérique",
}


class Command(BaseCommand):
    help = _(
        "Crée les données de démonstration (GE Partage Orne et GE Sport Sarthe, ou avec --size large "
        "un GE de 400 adhérents et 1 000 salariés). Sans effet si elles existent déjà."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--size",
            choices=sorted(data.SIZES),
            default="normal",
            help=_("normal : les GE de démonstration ; large : un grand GE pour les mesures de performance."),
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help=_("Supprime puis recrée les GE de démonstration (eux seuls)."),
        )
        parser.add_argument(
            "--dry-run", action="store_true", help=_("Affiche ce qui serait fait, sans rien écrire.")
        )
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help=_("Multiplie le nombre d'adhérents et de salariés (essais ; 1 par défaut)."),
        )

    def handle(self, *args, size, reset, dry_run, scale, **options):
        if scale <= 0:
            raise CommandError(_("--scale doit être strictement positif."))
        started = time.monotonic()
        for spec in data.SIZES[size]:
            self.seed(spec, reset=reset, dry_run=dry_run, scale=scale)
        if size == "normal" and not dry_run:
            from mutualis.demo import insertion

            insertion.seed(log=self.stdout.write)  # a partner structure and ten people accompanied
            from mutualis.demo import funding

            funding.seed(log=self.stdout.write)  # a draft AMIGE application, a draft SPIE one
            from mutualis.demo import offer

            offer.seed(log=self.stdout.write)  # the local offer and orientations in every state
            from mutualis.demo import territory

            territory.seed(log=self.stdout.write)  # the CRGE, its territory, GE projects, the exchange
            from mutualis.demo import training

            training.seed(log=self.stdout.write)  # a shared SST session, funding, certificates, reviews
        if not dry_run:
            self.stdout.write(_("Terminé en %(seconds).1f s.") % {"seconds": time.monotonic() - started})

    def seed(self, spec, *, reset, dry_run, scale):
        existing = EmployerGroup.objects.filter(slug=spec.slug).first()
        prefix = _("[simulation] ") if dry_run else ""
        if existing and not reset:
            self.stdout.write(
                prefix
                + _(
                    "%(name)s existe déjà (identifiant « %(slug)s ») : rien à faire. --reset pour le recréer."
                )
                % {"name": existing.name, "slug": spec.slug}
            )
            if spec.accounts and not dry_run:
                self.seed_history(existing)
            return
        if existing:
            if dry_run:
                self.stdout.write(
                    prefix + _("%(name)s serait supprimé puis recréé.") % {"name": existing.name}
                )
            else:
                try:
                    builder.delete_group(existing, log=self.stdout.write)
                except (ProtectedError, RestrictedError) as exc:
                    raise CommandError(
                        _(
                            "%(name)s n'a pas pu être supprimé : des données d'autres modules y renvoient (%(error)s)."
                        )
                        % {"name": existing.name, "error": exc}
                    ) from exc
        plan = builder.make_plan(spec, scale=scale)
        summary = plan.summary()
        contracts = ", ".join(f"{n} {KIND_LABELS.get(k, k)}" for k, n in sorted(summary["contracts"].items()))
        public = ngettext(
            "dont %(count)d personne publique", "dont %(count)d personnes publiques", summary["public_bodies"]
        ) % {"count": summary["public_bodies"]}
        self.stdout.write(
            prefix
            + _(
                "%(name)s : %(members)d adhérents (%(public)s), %(sites)d sites, %(employees)d salariés (%(contracts)s)."
            )
            % {
                "name": spec.name,
                "members": summary["members"],
                "public": public,
                "sites": summary["sites"],
                "employees": summary["employees"],
                "contracts": contracts,
            }
        )
        if dry_run:
            return
        group = builder.build(plan, log=lambda message: self.stdout.write("  " + message))
        # Two runs, on any machine, print the same fingerprint of names, SIRETs, sites and contracts.
        self.stdout.write(
            _("%(name)s : empreinte des données %(digest)s.")
            % {"name": spec.name, "digest": builder.digest_rows(builder.group_rows(group))[:16]}
        )
        if spec.accounts:
            self.seed_history(group)
        if spec.accounts:
            self.stdout.write(
                _("Comptes de démonstration (mot de passe « %(password)s ») : %(accounts)s.")
                % {"password": data.DEMO_PASSWORD, "accounts": ", ".join(a.username for a in data.ACCOUNTS)}
            )

    def seed_history(self, group):
        """A GE that has lived: closed months, invoices, payments, a credit note (mutualis/billing/demo.py)."""
        from mutualis.billing.demo import seed_billing_history

        seed_billing_history(group, log=lambda message: self.stdout.write("  " + message))
        from mutualis.einvoicing.demo import seed_einvoicing

        seed_einvoicing(group, log=lambda message: self.stdout.write("  " + message))
