"""The ROME referential shipped with the project: job families (letter + two digits), job sheets
(letter + four digits) and their common titles. Skills live in `employees.Skill` (one technical skill
per job sheet, plus transversal and behavioural skills, plus each GE's own). Not tenant data: shared by
the platform. Sources and licence: data/SOURCES.md."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class JobFamily(models.Model):
    """A ROME professional domain (e.g. « N11 »), with its FAP-2009 family for forecasting files."""

    code = models.CharField(_("code"), max_length=3, unique=True)
    label = models.CharField(_("libellé"), max_length=200)
    fap_code = models.CharField(_("famille professionnelle (FAP)"), max_length=5, blank=True)
    fap_label = models.CharField(_("libellé FAP"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("famille de métiers")
        verbose_name_plural = _("familles de métiers")
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} — {self.label}"


class JobSheetQuerySet(models.QuerySet):
    def search(self, query):
        query = (query or "").strip()
        if not query:
            return self
        return self.filter(
            Q(code__istartswith=query) | Q(label__icontains=query) | Q(appellations__label__icontains=query)
        ).distinct()


class JobSheet(models.Model):
    """A ROME job sheet (« fiche métier »), e.g. N1101 Conduite d'engins de déplacement des charges."""

    code = models.CharField(_("code ROME"), max_length=5, unique=True)
    label = models.CharField(_("libellé"), max_length=200)
    family = models.ForeignKey(
        JobFamily, verbose_name=_("famille"), null=True, on_delete=models.PROTECT, related_name="jobs"
    )

    objects = JobSheetQuerySet.as_manager()

    class Meta:
        verbose_name = _("métier ROME")
        verbose_name_plural = _("métiers ROME")
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} — {self.label}"

    @property
    def family_code(self):
        return self.code[:3]


class Appellation(models.Model):
    """A common title of a job sheet (« Cariste », « Assistant comptable »…)."""

    label = models.CharField(_("intitulé"), max_length=200)
    job = models.ForeignKey(
        JobSheet, verbose_name=_("métier"), on_delete=models.CASCADE, related_name="appellations"
    )

    class Meta:
        verbose_name = _("appellation")
        verbose_name_plural = _("appellations")
        ordering = ["label"]
        constraints = [
            models.UniqueConstraint(
                fields=["job", "label"],
                name="appellation_unique_label",
                violation_error_message=_("Cette appellation existe déjà pour ce métier."),
            )
        ]

    def __str__(self):
        return self.label
