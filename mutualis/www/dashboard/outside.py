"""The home page's to-do list for people outside a GE's staff: insertion professionals, the person
accompanied, the territorial officer and the observer. Each line says what waits and opens the page
where it is done; a few standing links follow, so that the home page is never empty."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mutualis.accounts.roles import Role
from mutualis.ge_projects.models import ProjectStatus
from mutualis.ge_projects.selectors import projects_for
from mutualis.insertion import perms as insertion_perms
from mutualis.insertion import selectors as insertion
from mutualis.offer.enums import OrientationStatus
from mutualis.offer.selectors import orientations_visible
from mutualis.territories.selectors import territories_for


def _task(text, url, count=None):
    return {"text": text, "url": url, "count": count}


def _counted(tasks, n, singular, plural, url):
    if n:
        tasks.append(_task(ngettext(singular, plural, n) % {"n": n}, url, n))


def outside_tasks(membership):
    if membership is None:
        return []
    if membership.role == Role.PERSON:
        return [
            _task(_("Voir mon parcours, mes rendez-vous et mes démarches"), reverse("insertion:my_journey")),
            _task(_("Mes données et qui peut les voir"), reverse("insertion:my_data")),
        ]
    if membership.role == Role.TERRITORIAL_OFFICER:
        return _officer_tasks(membership)
    if insertion_perms.is_professional(membership) and membership.role == Role.PARTNER:
        return _professional_tasks(membership)
    if membership.role == Role.OBSERVER:
        return [
            _task(_("Lire les études de faisabilité"), reverse("needs:studies")),
            _task(_("Chercher un service dans l'offre locale"), reverse("offer:search")),
        ]
    return []


def _professional_tasks(membership):
    tasks = []
    caseload = reverse("insertion:caseload")
    _counted(
        tasks,
        insertion.tasks_due(membership).count(),
        "%(n)d point de suivi à faire dans les 14 jours",
        "%(n)d points de suivi à faire dans les 14 jours",
        caseload,
    )
    _counted(
        tasks,
        insertion.caseload(membership, flt="overdue").count(),
        "%(n)d personne avec une action en retard",
        "%(n)d personnes avec une action en retard",
        f"{caseload}?filtre=overdue",
    )
    _counted(
        tasks,
        insertion.caseload(membership, flt="no_diagnostic").count(),
        "%(n)d personne sans diagnostic",
        "%(n)d personnes sans diagnostic",
        f"{caseload}?filtre=no_diagnostic",
    )
    _counted(
        tasks,
        orientations_visible(membership).filter(status=OrientationStatus.PENDING).count(),
        "%(n)d orientation en attente de réponse",
        "%(n)d orientations en attente de réponse",
        f"{reverse('offer:orientations')}?statut={OrientationStatus.PENDING}",
    )
    _counted(
        tasks,
        insertion.no_solution_candidates(membership).count(),
        "%(n)d parcours sans action depuis 60 jours (« sans solution » ?)",
        "%(n)d parcours sans action depuis 60 jours (« sans solution » ?)",
        reverse("insertion:reviews"),
    )
    n = insertion.caseload(membership).count()
    tasks.append(
        _task(
            ngettext("Mes accompagnements : %(n)d personne", "Mes accompagnements : %(n)d personnes", n)
            % {"n": n},
            caseload,
        )
    )
    tasks.append(
        _task(_("Ouvrir le parcours d'une nouvelle personne"), reverse("insertion:beneficiary_create"))
    )
    tasks.append(_task(_("Chercher un service dans l'offre locale"), reverse("offer:search")))
    return tasks


def _officer_tasks(membership):
    tasks = []
    projects = projects_for(membership)
    _counted(
        tasks,
        projects.filter(status=ProjectStatus.CENSUS).count(),
        "%(n)d projet de GE en recensement des besoins",
        "%(n)d projets de GE en recensement des besoins",
        reverse("ge_projects:list"),
    )
    _counted(
        tasks,
        projects.filter(status=ProjectStatus.STUDY).count(),
        "%(n)d projet de GE en étude de faisabilité",
        "%(n)d projets de GE en étude de faisabilité",
        reverse("ge_projects:list"),
    )
    n = territories_for(membership).count()
    tasks.append(
        _task(
            ngettext("Mes territoires : %(n)d", "Mes territoires : %(n)d", n) % {"n": n},
            reverse("territories:list"),
        )
    )
    tasks.append(_task(_("Demandes de financement"), reverse("funding:list")))
    return tasks
