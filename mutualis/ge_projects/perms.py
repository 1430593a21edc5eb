"""Who may run GE projects: users of the organisation that carries the project (a territorial body or
a group of employers), as territorial officers."""

from mutualis.territories.perms import is_officer


def can_list_projects(membership) -> bool:
    return is_officer(membership)


def can_run_project(membership, project) -> bool:
    return is_officer(membership) and project.organisation_id == membership.organisation_id
