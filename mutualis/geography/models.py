"""The one geography of Mutualis: communes, EPCI, départements, régions, employment areas, priority
areas (QPV, ZRR) and their simplified outlines (see docs/geography.md).

Reference data, shared by the whole platform (not a tenant), loaded from the files in `data/` by
`loading.load_reference_data` (a migration and the `load_geography` command). Codes are the
INSEE's Code officiel géographique (COG); an EPCI is known by its SIREN.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

FRANCE = "france"


class Region(models.Model):
    code = models.CharField(_("code"), max_length=3, primary_key=True)
    name = models.CharField(_("nom"), max_length=100)

    class Meta:
        verbose_name = _("région")
        verbose_name_plural = _("régions")
        ordering = ["code"]

    def __str__(self):
        return self.name


class Department(models.Model):
    code = models.CharField(_("code"), max_length=3, primary_key=True)
    name = models.CharField(_("nom"), max_length=100)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="departments")

    class Meta:
        verbose_name = _("département")
        verbose_name_plural = _("départements")
        ordering = ["code"]

    def __str__(self):
        return f"{self.name} ({self.code})"


class Epci(models.Model):
    """Établissement public de coopération intercommunale à fiscalité propre (CC, CA, CU, métropole)."""

    code = models.CharField(_("SIREN"), max_length=9, primary_key=True)
    name = models.CharField(_("nom"), max_length=200)
    kind = models.CharField(_("type"), max_length=5, blank=True)

    class Meta:
        verbose_name = _("intercommunalité (EPCI)")
        verbose_name_plural = _("intercommunalités (EPCI)")
        ordering = ["name", "code"]

    def __str__(self):
        return self.name


class EmploymentArea(models.Model):
    """Zone d'emploi (INSEE zoning 2020): the « bassin d'emploi » of the analyses."""

    code = models.CharField(_("code"), max_length=12, primary_key=True)
    name = models.CharField(_("nom"), max_length=150)
    # "insee" for the official zoning imported from INSEE's file, "demo" for the approximation
    # shipped for the demo territory (docs/geography.md).
    source = models.CharField(_("source"), max_length=20, default="insee")

    class Meta:
        verbose_name = _("zone d'emploi")
        verbose_name_plural = _("zones d'emploi")
        ordering = ["name", "code"]

    def __str__(self):
        return self.name


class CommuneKind(models.TextChoices):
    COMMUNE = "commune", _("Commune")
    ARRONDISSEMENT = "arrondissement", _("Arrondissement municipal")


class Commune(models.Model):
    code = models.CharField(_("code INSEE"), max_length=5, primary_key=True)
    name = models.CharField(_("nom"), max_length=100)
    kind = models.CharField(
        _("type"), max_length=20, choices=CommuneKind.choices, default=CommuneKind.COMMUNE
    )
    # Paris, Lyon and Marseille's arrondissements belong to their commune.
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="parts")
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="communes")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="communes")
    epci = models.ForeignKey(Epci, on_delete=models.SET_NULL, null=True, blank=True, related_name="communes")
    employment_area = models.ForeignKey(
        EmploymentArea, on_delete=models.SET_NULL, null=True, blank=True, related_name="communes"
    )
    # Centre of the commune's outline (WGS 84); empty for the few communes created after the outlines.
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    # Lower-case name without accents nor punctuation, for the search.
    search_name = models.CharField(max_length=100, db_index=True, editable=False)

    class Meta:
        verbose_name = _("commune")
        verbose_name_plural = _("communes")
        ordering = ["name", "code"]

    def __str__(self):
        return f"{self.name} ({self.department_id})"

    @property
    def has_centre(self):
        return self.latitude is not None and self.longitude is not None


class Postcode(models.Model):
    """One postcode of a commune (a commune may have several, a postcode may serve several)."""

    code = models.CharField(_("code postal"), max_length=5, db_index=True)
    commune = models.ForeignKey(Commune, on_delete=models.CASCADE, related_name="postcodes")

    class Meta:
        verbose_name = _("code postal")
        verbose_name_plural = _("codes postaux")
        ordering = ["code", "commune_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "commune"],
                name="geography_postcode_unique",
                violation_error_message=_("Ce code postal est déjà rattaché à cette commune."),
            )
        ]

    def __str__(self):
        return self.code


class PriorityAreaKind(models.TextChoices):
    QPV = "qpv", _("Quartier prioritaire de la politique de la ville (QPV)")
    ZRR = "zrr", _("Zone de revitalisation rurale (ZRR / FRR)")


class PriorityArea(models.Model):
    """A QPV (a neighbourhood inside one or more communes) or a commune classified ZRR/FRR."""

    kind = models.CharField(_("type"), max_length=5, choices=PriorityAreaKind.choices)
    code = models.CharField(_("code"), max_length=40)
    name = models.CharField(_("nom"), max_length=200)
    communes = models.ManyToManyField(Commune, related_name="priority_areas", verbose_name=_("communes"))
    source = models.CharField(_("source"), max_length=20, default="official")

    class Meta:
        verbose_name = _("zone prioritaire")
        verbose_name_plural = _("zones prioritaires")
        ordering = ["kind", "name", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "code"],
                name="geography_priority_area_unique",
                violation_error_message=_("Une zone prioritaire de ce type porte déjà ce code."),
            )
        ]

    def __str__(self):
        return self.name


class OutlineLevel(models.TextChoices):
    REGION = "region", _("Région")
    DEPARTMENT = "departement", _("Département")
    EPCI = "epci", _("Intercommunalité")
    EMPLOYMENT_AREA = "zone_emploi", _("Zone d'emploi")
    COMMUNE = "commune", _("Commune")


class Outline(models.Model):
    """A simplified outline (GeoJSON geometry, WGS 84) with its bounding box for quick selection."""

    level = models.CharField(_("niveau"), max_length=15, choices=OutlineLevel.choices)
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("nom"), max_length=200)
    geometry = models.JSONField(_("géométrie"))
    min_lon = models.FloatField()
    min_lat = models.FloatField()
    max_lon = models.FloatField()
    max_lat = models.FloatField()

    class Meta:
        verbose_name = _("contour")
        verbose_name_plural = _("contours")
        ordering = ["level", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["level", "code"],
                name="geography_outline_unique",
                violation_error_message=_("Un contour de ce niveau porte déjà ce code."),
            )
        ]
        indexes = [models.Index(fields=["level", "min_lon", "max_lon"])]

    def __str__(self):
        return f"{self.get_level_display()} {self.name}"


class DataLoad(models.Model):
    """Which version of each shipped file is in the database (the loader skips unchanged files)."""

    name = models.CharField(max_length=100, unique=True)
    checksum = models.CharField(max_length=64)
    loaded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("chargement de données géographiques")
        verbose_name_plural = _("chargements de données géographiques")
        ordering = ["name"]

    def __str__(self):
        return self.name
