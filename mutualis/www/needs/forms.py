import re
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from mutualis.accounts.tenancy import scoped
from mutualis.members.models import Member, Site
from mutualis.needs.instance import PARAM_DEFAULTS
from mutualis.needs.models import CensusCampaign, Need, NeedKind, NeedStatus
from mutualis.needs.timeline import DAY_MINUTES, WEEKDAYS, clock, format_weeks, parse_weeks
from mutualis.referential.selectors import skills_for
from mutualis.www.referential.widgets import JobPickerField, SkillPickerWidget


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def hours_to_minutes(value):
    return None if value is None else int((value * 60).to_integral_value())


def minutes_to_hours(value):
    return None if value is None else (Decimal(value) / 60).quantize(Decimal("0.01")).normalize()


class NeedForm(forms.ModelForm):
    """A need's own fields; its slots or windows come from `TimeRangeFormSet`s."""

    weekly_hours = forms.DecimalField(
        localize=True,
        label=_("Volume hebdomadaire (heures)"),
        required=False,
        min_value=Decimal("0.25"),
        max_value=Decimal("168"),
        decimal_places=2,
        help_text=_("Besoin flexible uniquement : heures à placer chaque semaine dans les plages permises."),
    )
    min_block_hours = forms.DecimalField(
        localize=True,
        label=_("Bloc minimal (heures)"),
        required=False,
        min_value=Decimal("0.25"),
        decimal_places=2,
    )
    max_block_hours = forms.DecimalField(
        localize=True,
        label=_("Bloc maximal (heures)"),
        required=False,
        min_value=Decimal("0.25"),
        decimal_places=2,
    )
    weeks_text = forms.CharField(
        label=_("Semaines actives (saison)"),
        required=False,
        help_text=_("Numéros de semaine ISO, par exemple « 1-26, 36-52 » ; vide : toute l'année."),
    )

    class Meta:
        model = Need
        fields = [
            "member",
            "site",
            "job_title",
            "rome_code",
            "skills",
            "kind",
            "start_date",
            "expected_duration_months",
            "comments",
            "status",
        ]
        widgets = {
            "start_date": DateInput(),
            "comments": forms.Textarea(attrs={"rows": 3}),
            "skills": SkillPickerWidget(),
        }
        field_classes = {"rome_code": JobPickerField}

    def __init__(self, *args, membership, **kwargs):
        super().__init__(*args, **kwargs)
        self.membership = membership
        members = scoped(Member, membership).active().only("public_id", "name")
        self.fields["member"].queryset = members
        self.fields["member"].to_field_name = "public_id"
        self.fields["member"].required = True
        self.fields["site"].queryset = scoped(Site, membership).active().select_related("member")
        self.fields["site"].to_field_name = "public_id"
        self.fields["site"].label_from_instance = lambda site: f"{site.member.name} — {site}"
        self.fields["skills"].queryset = skills_for(membership.group)
        self.fields["skills"].required = False
        self.fields["rome_code"].label = _("Métier (ROME)")
        self.fields["status"].choices = [
            (NeedStatus.DRAFT, NeedStatus.DRAFT.label),
            (NeedStatus.OPEN, NeedStatus.OPEN.label),
        ]
        if membership.member_id:  # a member contact declares for its own member
            self.initial["member"] = membership.member
            self.fields["member"].disabled = True
        need = self.instance
        if need.pk:
            self.fields["weekly_hours"].initial = minutes_to_hours(need.weekly_minutes)
            self.fields["min_block_hours"].initial = minutes_to_hours(need.min_block_minutes)
            self.fields["max_block_hours"].initial = minutes_to_hours(need.max_block_minutes)
            self.fields["weeks_text"].initial = format_weeks(need.weeks)
            if need.status not in (NeedStatus.DRAFT, NeedStatus.OPEN):
                self.fields["status"].disabled = True
                self.fields["status"].choices = NeedStatus.choices

    def _post_clean(self):
        # Model rules run once, in the need services (with the slots); views map their errors back.
        pass

    def clean_weeks_text(self):
        return parse_weeks(self.cleaned_data["weeks_text"])

    def service_fields(self):
        """The values to hand to the need services (model fields, durations in minutes)."""
        data = self.cleaned_data
        flexible = data.get("kind") == NeedKind.FLEXIBLE
        return {
            "member": data["member"],
            "site": data.get("site"),
            "job_title": data["job_title"],
            "rome_code": data.get("rome_code", ""),
            "kind": data["kind"],
            "weekly_minutes": hours_to_minutes(data.get("weekly_hours")) if flexible else None,
            "min_block_minutes": hours_to_minutes(data.get("min_block_hours")) if flexible else None,
            "max_block_minutes": hours_to_minutes(data.get("max_block_hours")) if flexible else None,
            "weeks": data.get("weeks_text"),
            "start_date": data.get("start_date"),
            "expected_duration_months": data.get("expected_duration_months"),
            "comments": data.get("comments", ""),
            "status": data["status"],
        }


# Service errors on these names are shown on the matching form fields.
SERVICE_FIELD_ALIASES = {
    "weekly_minutes": "weekly_hours",
    "min_block_minutes": "min_block_hours",
    "max_block_minutes": "max_block_hours",
    "weeks": "weeks_text",
}


class TimeRangeForm(forms.Form):
    """One weekly time range: a day, a start and an end (00:00 as the end means midnight)."""

    weekday = forms.TypedChoiceField(
        label=_("Jour"), choices=[("", "—"), *WEEKDAYS], coerce=int, required=False
    )
    start = forms.TimeField(label=_("Début"), required=False, widget=forms.TimeInput(attrs={"type": "time"}))
    end = forms.TimeField(label=_("Fin"), required=False, widget=forms.TimeInput(attrs={"type": "time"}))

    def clean(self):
        cleaned = super().clean()
        day, start, end = cleaned.get("weekday"), cleaned.get("start"), cleaned.get("end")
        filled = [v is not None and v != "" for v in (day, start, end)]
        if not any(filled) or self.errors:
            return cleaned
        if not all(filled):
            raise forms.ValidationError(_("Indiquez le jour, le début et la fin, ou laissez la ligne vide."))
        start_minute = day * DAY_MINUTES + start.hour * 60 + start.minute
        end_in_day = end.hour * 60 + end.minute or DAY_MINUTES
        end_minute = day * DAY_MINUTES + end_in_day
        if end_minute <= start_minute:
            self.add_error("end", _("La fin doit être après le début (00:00 signifie minuit)."))
            return cleaned
        cleaned["range"] = (start_minute, end_minute)
        return cleaned


class BaseTimeRangeFormSet(forms.BaseFormSet):
    def ranges(self):
        return [form.cleaned_data["range"] for form in self.forms if form.cleaned_data.get("range")]


TimeRangeFormSet = forms.formset_factory(TimeRangeForm, formset=BaseTimeRangeFormSet, extra=3, max_num=40)


def initial_ranges(ranges):
    """Formset initial data from (start, end) minute pairs."""
    rows = []
    for start, end in ranges:
        rows.append({"weekday": (start // DAY_MINUTES) % 7, "start": clock(start), "end": clock(end)[:5]})
    for row in rows:
        if row["end"] == "24:00":
            row["end"] = "00:00"
    return rows


class ConsolidationForm(forms.Form):
    """A selection of needs and the engine's parameters, in the units planners use (hours, km/h)."""

    label = forms.CharField(label=_("Libellé"), required=False, max_length=200)
    members = forms.ModelMultipleChoiceField(
        label=_("Adhérents"),
        queryset=Member.objects.none(),
        required=False,
        to_field_name="public_id",
        help_text=_("Aucun : tous les adhérents."),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    rome_codes = forms.CharField(
        label=_("Codes ROME"), required=False, help_text=_("Séparés par des virgules ; vide : tous.")
    )
    job = forms.CharField(label=_("Emploi contenant"), required=False)
    cities = forms.CharField(
        label=_("Communes"), required=False, help_text=_("Séparées par des virgules ; vide : toutes.")
    )
    max_weekly_hours = forms.DecimalField(
        localize=True,
        label=_("Durée hebdomadaire maximale (h)"),
        min_value=1,
        max_value=48,
        initial=Decimal("35"),
    )
    min_weekly_hours = forms.DecimalField(
        localize=True,
        label=_("Durée hebdomadaire minimale d'un poste créé (h)"),
        min_value=0,
        max_value=48,
        initial=Decimal("24"),
        help_text=_("24 h : le minimum légal du temps partiel ; 0 : tout poste est viable."),
    )
    max_daily_hours = forms.DecimalField(
        localize=True,
        label=_("Durée quotidienne maximale (h)"),
        min_value=1,
        max_value=24,
        initial=Decimal("10"),
    )
    min_daily_rest_hours = forms.DecimalField(
        localize=True,
        label=_("Repos quotidien minimal (h)"),
        min_value=0,
        max_value=24,
        initial=Decimal("11"),
    )
    max_members_per_position = forms.IntegerField(
        label=_("Adhérents par poste, au plus"), min_value=1, max_value=20, initial=4
    )
    travel_speed_kmh = forms.DecimalField(
        localize=True,
        label=_("Vitesse de déplacement (km/h)"),
        min_value=1,
        max_value=130,
        initial=Decimal("40"),
    )
    job_families = forms.ChoiceField(
        label=_("Familles de métiers dans un même poste"),
        choices=[
            ("same", _("Une seule famille de métiers par poste (par défaut)")),
            ("groups", _("Une famille, ou des familles déclarées compatibles")),
            ("any", _("Tout mélange autorisé")),
        ],
        initial="same",
        required=False,
        help_text=_(
            "Famille ROME : la lettre du grand domaine et les deux premiers chiffres, par exemple G16."
        ),
    )
    compatible_families = forms.CharField(
        label=_("Familles compatibles"),
        required=False,
        help_text=_(
            "Des groupes séparés par des virgules, les familles d'un groupe reliées par « + » : G16+G17, M16+M14."
        ),
    )
    campaign = forms.ModelChoiceField(
        label=_("Campagne de recensement"),
        queryset=CensusCampaign.objects.none(),
        required=False,
        to_field_name="public_id",
        empty_label=_("Aucune : les besoins des adhérents"),
        help_text=_("Une campagne : les besoins confirmés de ses déclarations (étude de faisabilité)."),
    )
    include_employees = forms.BooleanField(
        label=_("Affecter d'abord les salariés en poste"), required=False, initial=False
    )
    time_limit_seconds = forms.IntegerField(
        label=_("Temps de calcul (secondes)"), min_value=1, max_value=3600, initial=30
    )
    seed = forms.IntegerField(
        label=_("Graine"), min_value=0, initial=0, help_text=_("Même graine, mêmes besoins : même résultat.")
    )

    def __init__(self, *args, membership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = scoped(Member, membership).active().only("public_id", "name")
        self.fields["campaign"].queryset = scoped(CensusCampaign, membership)

    @staticmethod
    def _split(text):
        return [part.strip() for part in (text or "").split(",") if part.strip()]

    def filters(self):
        data = self.cleaned_data
        return {
            "members": [str(m.public_id) for m in data.get("members") or []],
            "rome_codes": [code.upper() for code in self._split(data.get("rome_codes"))],
            "job": data.get("job", "").strip(),
            "cities": self._split(data.get("cities")),
        }

    def params(self):
        data = self.cleaned_data
        params = {
            "max_weekly_minutes": hours_to_minutes(data["max_weekly_hours"]),
            "min_weekly_minutes": hours_to_minutes(data["min_weekly_hours"]),
            "max_daily_minutes": hours_to_minutes(data["max_daily_hours"]),
            "min_daily_rest_minutes": hours_to_minutes(data["min_daily_rest_hours"]),
            "max_members_per_position": data["max_members_per_position"],
            "travel_speed_kmh": data["travel_speed_kmh"],
        }
        if data.get("job_families") == "any":
            params["job_families"] = "any"
        elif data.get("job_families") == "groups":
            params["job_families"] = data["family_groups"]
        return {k: v for k, v in params.items() if k in PARAM_DEFAULTS}

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("min_weekly_hours"), cleaned.get("max_weekly_hours")
        if low is not None and high is not None and low > high:
            self.add_error("min_weekly_hours", _("Le minimum dépasse le maximum hebdomadaire."))
        if cleaned.get("job_families") == "groups":
            groups = []
            for part in self._split(cleaned.get("compatible_families")):
                families = [f.strip().upper() for f in part.split("+") if f.strip()]
                if len(families) < 2 or not all(re.fullmatch(r"[A-N][0-9]{2}", f) for f in families):
                    self.add_error(
                        "compatible_families",
                        _(
                            "« %(group)s » : indiquez au moins deux familles ROME reliées par « + », par exemple G16+G17."
                        )
                        % {"group": part},
                    )
                    return cleaned
                groups.append(families)
            if not groups:
                self.add_error(
                    "compatible_families", _("Indiquez au moins un groupe de familles compatibles.")
                )
            cleaned["family_groups"] = groups
        return cleaned


class CampaignForm(forms.ModelForm):
    class Meta:
        model = CensusCampaign
        fields = ["name", "territory", "description", "opens_on", "closes_on", "status"]
        widgets = {
            "opens_on": DateInput(),
            "closes_on": DateInput(),
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def _post_clean(self):
        # Validated by the census service (which names the field).
        pass


class DeclarationForm(forms.Form):
    """The public census form: who declares, and one need (the organisation may come back for more)."""

    organisation_name = forms.CharField(label=_("Nom de votre organisation"), max_length=200)
    siret = forms.CharField(
        label=_("SIRET"),
        max_length=20,
        help_text=_("14 chiffres, sur vos factures ou sur annuaire-entreprises.data.gouv.fr."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    contact_name = forms.CharField(label=_("Personne à contacter"), max_length=150)
    contact_email = forms.EmailField(
        label=_("Courriel"), help_text=_("Un lien de confirmation y sera envoyé."), widget=forms.EmailInput()
    )
    contact_phone = forms.CharField(label=_("Téléphone"), max_length=30, required=False)
    city = forms.CharField(label=_("Commune du lieu de travail"), max_length=120)
    job_title = forms.CharField(label=_("Emploi recherché"), max_length=200)
    kind = forms.ChoiceField(label=_("Type de besoin"), choices=NeedKind.choices, initial=NeedKind.FIXED)
    weekly_hours = forms.DecimalField(
        localize=True,
        label=_("Volume hebdomadaire (heures)"),
        required=False,
        min_value=Decimal("0.25"),
        max_value=Decimal("168"),
        decimal_places=2,
        help_text=_("Besoin flexible uniquement."),
    )
    weeks_text = forms.CharField(
        label=_("Semaines concernées"),
        required=False,
        help_text=_("Numéros de semaine, par exemple « 27-35 » pour l'été ; vide : toute l'année."),
    )
    comments = forms.CharField(
        label=_("Précisions"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    # A field people do not see: robots fill it in, and their answer is dropped.
    website = forms.CharField(label=_("Ne pas remplir"), required=False)

    def clean_weeks_text(self):
        return parse_weeks(self.cleaned_data["weeks_text"])

    def need_fields(self, slots, windows):
        data = self.cleaned_data
        flexible = data["kind"] == NeedKind.FLEXIBLE
        return {
            "job_title": data["job_title"],
            "kind": data["kind"],
            "weekly_minutes": hours_to_minutes(data.get("weekly_hours")) if flexible else None,
            "weeks": data.get("weeks_text"),
            "comments": data.get("comments", ""),
            "slots": [] if flexible else slots,
            "windows": windows if flexible else [],
        }


class NeedImportForm(forms.Form):
    file = forms.FileField(label=_("Fichier CSV ou XLSX"))
    mode = forms.ChoiceField(
        label=_("Que faire ?"),
        choices=[
            ("check", _("Vérifier seulement (rien n'est enregistré)")),
            ("all", _("Importer si toutes les lignes sont bonnes")),
            ("valid", _("Importer les lignes bonnes, ignorer les autres")),
        ],
        initial="check",
        widget=forms.RadioSelect,
    )
