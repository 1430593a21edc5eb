"""What each kind of import reads (a row form whose field names are the column names),
which references it resolves against the GE's data, and how it saves the valid rows.

Every reference is pre-loaded into dicts once per file (no query per row), and rows are
saved with bulk_create, so a 10,000-row file checks and saves in seconds. The rules are the
models': a column reads its field's validators (`model_validators`), a row builds the unsaved
instance and runs its `clean()` and check constraints (`validate_row`), and uniqueness is checked
against sets loaded once, with the model constraint's message.
"""

from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mutualis.core.constraints import constraint_message, validate_row
from mutualis.employees.models import Employee, Skill
from mutualis.members.models import (
    SIRET_TAKEN,
    HeadcountBand,
    Member,
    MemberKind,
    MemberVatStatus,
    Site,
)

from .fields import FrenchChoiceField, FrenchDateField, FrenchDecimalField, HeadcountField
from .models import ImportKind
from .reading import normalise

SKILL_SEPARATOR = "|"


def model_validators(model, name):
    """The model field's own validators (SIRET, NAF, ranges…), so the import checks what a form would."""
    return [v for v in model._meta.get_field(name).validators if not isinstance(v, MaxLengthValidator)]


class CompactField(forms.CharField):
    """An identifier typed with spaces or dots (SIRET): they are removed. A spreadsheet number
    (int) is padded with the leading zeros it lost, up to `digits`."""

    def __init__(self, *, digits=None, **kwargs):
        self.digits = digits
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, int) and self.digits:
            return str(value).zfill(self.digits)
        value = super().to_python(value)
        return "".join(ch for ch in value if ch not in " .\u00a0")


class UpperField(forms.CharField):
    def to_python(self, value):
        return super().to_python(value).upper().replace(" ", "")


# ---- Members -----------------------------------------------------------------------------------


class MemberRowForm(forms.Form):
    raison_sociale = forms.CharField(max_length=200, help_text=gettext_lazy("Nom de l'adhérent."))
    nature = FrenchChoiceField(
        choices=MemberKind,
        aliases={
            "societe": MemberKind.COMPANY,
            "personne publique": MemberKind.PUBLIC_BODY,
            "collectivite": MemberKind.PUBLIC_BODY,
            "collectivite territoriale": MemberKind.PUBLIC_BODY,
            "etablissement public": MemberKind.PUBLIC_BODY,
            "public": MemberKind.PUBLIC_BODY,
        },
        help_text=gettext_lazy("Entreprise, Association ou Personne publique."),
    )
    siret = CompactField(
        digits=14,
        max_length=20,
        validators=model_validators(Member, "siret"),
        help_text=gettext_lazy("14 chiffres (les espaces sont ignorés) ; unique dans le groupement."),
    )
    code_naf = UpperField(
        required=False,
        max_length=6,
        validators=model_validators(Member, "naf_code"),
        help_text=gettext_lazy("Code APE/NAF, par exemple 88.10A."),
    )
    tranche_effectif = HeadcountField(
        required=False,
        choices=HeadcountBand,
        aliases={"aucun": HeadcountBand.NONE, "250 et plus": HeadcountBand.FROM_250},
        help_text=gettext_lazy("0, 1-9, 10-49, 50-249, 250+ ou l'effectif exact (nombre entier)."),
    )
    statut_tva = FrenchChoiceField(
        choices=MemberVatStatus,
        aliases={
            "assujetti": MemberVatStatus.SUBJECT,
            "oui": MemberVatStatus.SUBJECT,
            "non": MemberVatStatus.NOT_SUBJECT,
            "exonere": MemberVatStatus.EXEMPT,
            "exoneree": MemberVatStatus.EXEMPT,
        },
        help_text=gettext_lazy("Assujetti, Non assujetti ou Exonéré."),
    )
    date_adhesion = FrenchDateField(help_text=gettext_lazy("JJ/MM/AAAA ou AAAA-MM-JJ."))
    date_sortie = FrenchDateField(required=False, help_text=gettext_lazy("Vide si l'adhérent est présent."))
    depot_garantie = FrenchDecimalField(
        required=False,
        max_digits=12,
        decimal_places=2,
        validators=model_validators(Member, "deposit"),
        help_text=gettext_lazy("En euros, virgule décimale acceptée ; vide = 0."),
    )
    courriel = forms.EmailField(required=False, help_text=gettext_lazy("Courriel de facturation."))
    telephone = forms.CharField(required=False, max_length=30, help_text=gettext_lazy("Téléphone."))


class MemberImport:
    kind = ImportKind.MEMBERS
    form_class = MemberRowForm
    example = {
        "raison_sociale": "Boulangerie Martin",
        "nature": "Entreprise",
        "siret": "732 829 320 00074",
        "code_naf": "10.71C",
        "tranche_effectif": "1-9",
        "statut_tva": "Assujetti",
        "date_adhesion": "15/01/2024",
        "date_sortie": "",
        "depot_garantie": "500,00",
        "courriel": "compta@boulangerie-martin.fr",
        "telephone": "02 33 00 00 00",
    }

    def load_context(self, group):
        return {
            "existing": set(Member.objects.filter(group=group).values_list("siret", flat=True)),
            "seen": {},
        }

    # Column → model field.
    columns = {
        "raison_sociale": "name",
        "nature": "kind",
        "siret": "siret",
        "code_naf": "naf_code",
        "tranche_effectif": "headcount_band",
        "statut_tva": "vat_status",
        "date_adhesion": "joined_on",
        "date_sortie": "left_on",
        "depot_garantie": "deposit",
        "courriel": "email",
        "telephone": "phone",
    }

    def build(self, data, group=None):
        values = {field: data.get(column) for column, field in self.columns.items() if column in data}
        if values.get("deposit", "") is None:
            values["deposit"] = Decimal("0.00")
        return Member(group=group, **values)

    def check_row(self, ctx, line, data, add):
        _check_model(self, line, data, add)
        siret = data.get("siret")
        if not siret:
            return
        if siret in ctx["existing"]:
            add(line, "siret", constraint_message(Member, SIRET_TAKEN))
        _check_duplicate(ctx, siret, line, "siret", lambda: _("SIRET %(key)s") % {"key": siret}, add)

    def save(self, group, rows):
        members = [self.build(d, group) for d in rows]
        return len(Member.objects.bulk_create(members, batch_size=500))


# ---- Sites -------------------------------------------------------------------------------------


class SiteRowForm(forms.Form):
    siret_adherent = CompactField(
        digits=14,
        max_length=20,
        validators=model_validators(Member, "siret"),
        help_text=gettext_lazy("SIRET d'un adhérent déjà enregistré dans le groupement."),
    )
    nom = forms.CharField(max_length=200, help_text=gettext_lazy("Nom du site, unique pour l'adhérent."))
    adresse = forms.CharField(required=False, max_length=250, help_text=gettext_lazy("Numéro et voie."))
    code_postal = CompactField(
        digits=5,
        required=False,
        validators=model_validators(Site, "postcode"),
        help_text=gettext_lazy("5 chiffres."),
    )
    commune = forms.CharField(max_length=120, help_text=gettext_lazy("Commune."))
    latitude = FrenchDecimalField(
        required=False,
        max_digits=9,
        decimal_places=6,
        round_to_places=True,
        validators=model_validators(Site, "latitude"),
        help_text=gettext_lazy("Degrés décimaux (WGS 84), par exemple 48,4321 ; avec la longitude ou vide."),
    )
    longitude = FrenchDecimalField(
        required=False,
        max_digits=9,
        decimal_places=6,
        round_to_places=True,
        validators=model_validators(Site, "longitude"),
        help_text=gettext_lazy("Degrés décimaux (WGS 84), par exemple 0,0912 ; avec la latitude ou vide."),
    )


class SiteImport:
    kind = ImportKind.SITES
    form_class = SiteRowForm
    example = {
        "siret_adherent": "73282932000074",
        "nom": "Atelier",
        "adresse": "12 rue du Pont Neuf",
        "code_postal": "61000",
        "commune": "Alençon",
        "latitude": "48,4321",
        "longitude": "0,0912",
    }

    def load_context(self, group):
        return {
            "members": dict(Member.objects.filter(group=group).active().values_list("siret", "pk")),
            "existing": {
                (member_id, normalise(name))
                for member_id, name in Site.objects.filter(group=group)
                .active()
                .values_list("member_id", "name")
            },
            "seen": {},
        }

    # Column → model field (the member is resolved from siret_adherent).
    columns = {
        "nom": "name",
        "adresse": "address",
        "code_postal": "postcode",
        "commune": "city",
        "latitude": "latitude",
        "longitude": "longitude",
    }

    def build(self, data, group=None):
        values = {field: data.get(column) for column, field in self.columns.items() if column in data}
        return Site(group=group, member_id=data.get("member_id"), **values)

    def check_row(self, ctx, line, data, add):
        _check_model(self, line, data, add)
        siret = data.get("siret_adherent")
        member_id = ctx["members"].get(siret) if siret else None
        if siret and member_id is None:
            add(line, "siret_adherent", _unknown_member(siret))
        data["member_id"] = member_id
        name = data.get("nom")
        if member_id is None or not name:
            return
        key = (member_id, normalise(name))
        if key in ctx["existing"]:
            add(line, "nom", _("Cet adhérent a déjà un site « %(name)s ».") % {"name": name})
        _check_duplicate(
            ctx,
            key,
            line,
            "nom",
            lambda: _("site « %(name)s » de l'adhérent %(siret)s") % {"name": name, "siret": siret},
            add,
        )

    def save(self, group, rows):
        sites = [self.build(d, group) for d in rows]
        return len(Site.objects.bulk_create(sites, batch_size=500))


# ---- Employees ---------------------------------------------------------------------------------


class EmployeeRowForm(forms.Form):
    nom = forms.CharField(max_length=100, help_text=gettext_lazy("Nom de famille."))
    prenom = forms.CharField(max_length=100, help_text=gettext_lazy("Prénom."))
    date_naissance = FrenchDateField(
        required=False,
        validators=model_validators(Employee, "birth_date"),
        help_text=gettext_lazy("JJ/MM/AAAA ou AAAA-MM-JJ."),
    )
    courriel = forms.EmailField(required=False, help_text=gettext_lazy("Courriel personnel."))
    telephone = forms.CharField(required=False, max_length=30, help_text=gettext_lazy("Téléphone."))
    adresse = forms.CharField(required=False, max_length=250, help_text=gettext_lazy("Adresse personnelle."))
    code_postal = CompactField(
        digits=5,
        required=False,
        validators=model_validators(Employee, "postcode"),
        help_text=gettext_lazy("5 chiffres."),
    )
    commune = forms.CharField(required=False, max_length=120, help_text=gettext_lazy("Commune."))
    siret_adherent = CompactField(
        digits=14,
        required=False,
        max_length=20,
        validators=model_validators(Member, "siret"),
        help_text=gettext_lazy(
            "Site de rattachement : SIRET de l'adhérent qui l'accueille (suffit s'il n'a qu'un site)."
        ),
    )
    nom_site = forms.CharField(
        required=False,
        max_length=200,
        help_text=gettext_lazy(
            "Site de rattachement : nom du site (suffit s'il est unique dans le groupement)."
        ),
    )
    competences = forms.CharField(
        required=False,
        help_text=gettext_lazy(
            "Codes du référentiel de compétences séparés par « | », par exemple K2204|TR-EQUIPE."
        ),
    )


class EmployeeImport:
    kind = ImportKind.EMPLOYEES
    form_class = EmployeeRowForm
    example = {
        "nom": "Durand",
        "prenom": "Camille",
        "date_naissance": "03/04/1990",
        "courriel": "camille.durand@example.org",
        "telephone": "06 00 00 00 00",
        "adresse": "4 place du Marché",
        "code_postal": "61000",
        "commune": "Alençon",
        "siret_adherent": "73282932000074",
        "nom_site": "Atelier",
        "competences": "K2204|TR-EQUIPE",
    }

    def load_context(self, group):
        members = dict(Member.objects.filter(group=group).active().values_list("siret", "pk"))
        sites_by_member, sites_by_name = {}, {}
        for site_id, member_id, name in (
            Site.objects.filter(group=group).active().values_list("pk", "member_id", "name")
        ):
            sites_by_member.setdefault(member_id, {})[normalise(name)] = site_id
            sites_by_name.setdefault(normalise(name), []).append(site_id)
        existing = {
            (normalise(last), normalise(first), born)
            for last, first, born in Employee.objects.filter(group=group).values_list(
                "last_name", "first_name", "birth_date"
            )
        }
        return {
            "members": members,
            "sites_by_member": sites_by_member,
            "sites_by_name": sites_by_name,
            "skills": {code.upper(): pk for code, pk in Skill.objects.values_list("code", "pk")},
            "existing": existing,
            "seen": {},
        }

    def check_row(self, ctx, line, data, add):
        data["home_site_id"] = self._home_site(ctx, line, data, add)
        data["skill_ids"] = self._skills(ctx, line, data, add)
        if data.get("nom") and data.get("prenom") and "date_naissance" in data:
            key = (normalise(data["nom"]), normalise(data["prenom"]), data["date_naissance"])
            if key in ctx["existing"]:
                add(line, "nom", _("Ce salarié (même nom, prénom et date de naissance) est déjà enregistré."))
            _check_duplicate(
                ctx,
                key,
                line,
                "nom",
                lambda: _("salarié %(first)s %(last)s") % {"first": data["prenom"], "last": data["nom"]},
                add,
            )

    def _home_site(self, ctx, line, data, add):
        siret, site_name = data.get("siret_adherent"), data.get("nom_site")
        if not siret and not site_name:
            return None
        if siret:
            member_id = ctx["members"].get(siret)
            if member_id is None:
                add(line, "siret_adherent", _unknown_member(siret))
                return None
            sites = ctx["sites_by_member"].get(member_id, {})
            if site_name:
                site_id = sites.get(normalise(site_name))
                if site_id is None:
                    add(
                        line,
                        "nom_site",
                        _("L'adhérent %(siret)s n'a pas de site « %(name)s ».")
                        % {"siret": siret, "name": site_name},
                    )
                return site_id
            if len(sites) == 1:
                return next(iter(sites.values()))
            if not sites:
                add(line, "siret_adherent", _("L'adhérent %(siret)s n'a aucun site.") % {"siret": siret})
            else:
                add(
                    line,
                    "nom_site",
                    _("L'adhérent %(siret)s a plusieurs sites : précisez nom_site.") % {"siret": siret},
                )
            return None
        matches = ctx["sites_by_name"].get(normalise(site_name), [])
        if len(matches) == 1:
            return matches[0]
        if not matches:
            add(line, "nom_site", _("Aucun site « %(name)s » dans le groupement.") % {"name": site_name})
        else:
            add(
                line,
                "nom_site",
                _("Plusieurs sites s'appellent « %(name)s » : précisez siret_adherent.")
                % {"name": site_name},
            )
        return None

    def _skills(self, ctx, line, data, add):
        codes = [c.strip().upper() for c in (data.get("competences") or "").split(SKILL_SEPARATOR)]
        codes = list(dict.fromkeys(c for c in codes if c))
        unknown = [c for c in codes if c not in ctx["skills"]]
        if unknown:
            add(
                line,
                "competences",
                _("Compétence inconnue du référentiel : %(codes)s.") % {"codes": ", ".join(unknown)},
            )
        return [ctx["skills"][c] for c in codes if c in ctx["skills"]]

    def save(self, group, rows):
        employees = Employee.objects.bulk_create(
            [
                Employee(
                    group=group,
                    last_name=d["nom"],
                    first_name=d["prenom"],
                    birth_date=d["date_naissance"],
                    email=d["courriel"],
                    phone=d["telephone"],
                    address=d["adresse"],
                    postcode=d["code_postal"],
                    city=d["commune"],
                    home_site_id=d["home_site_id"],
                )
                for d in rows
            ],
            batch_size=500,
        )
        Through = Employee.skills.through
        links = [
            Through(employee_id=employee.pk, skill_id=skill_id)
            for employee, d in zip(employees, rows, strict=True)
            for skill_id in d["skill_ids"]
        ]
        Through.objects.bulk_create(links, batch_size=1000)
        return len(employees)


# ---- Shared ------------------------------------------------------------------------------------


def _check_model(spec, line, data, add):
    """The model's own rules on the row's valid columns (clean(), check constraints)."""
    present = {column: field for column, field in spec.columns.items() if column in data}
    for column, message in validate_row(spec.build(data), columns=present):
        add(line, column, message)


def _unknown_member(siret):
    return _(
        "Aucun adhérent actif de SIRET %(siret)s dans le groupement (importez d'abord les adhérents)."
    ) % {"siret": siret}


def _check_duplicate(ctx, key, line, column, describe, add):
    """Both lines of a duplicate are refused: the file must say which one is right."""
    first = ctx["seen"].get(key)
    if first is None:
        ctx["seen"][key] = line
        return
    label = describe()
    add(
        line,
        column,
        _("Doublon dans le fichier : %(label)s déjà présent ligne %(first)s.")
        % {"label": label, "first": first},
    )
    flagged = ctx.setdefault("flagged", set())
    if first not in flagged:
        flagged.add(first)
        add(
            first,
            column,
            _("Doublon dans le fichier : %(label)s repris ligne %(line)s.") % {"label": label, "line": line},
        )


@dataclass(frozen=True)
class Column:
    name: str
    required: bool
    help_text: str
    example: str


SPECS = {spec.kind: spec for spec in (MemberImport(), SiteImport(), EmployeeImport())}


def get_spec(kind):
    return SPECS[kind]


def columns(kind):
    spec = get_spec(kind)
    return [
        Column(name, field.required, str(field.help_text), str(spec.example.get(name, "")))
        for name, field in spec.form_class.base_fields.items()
    ]
