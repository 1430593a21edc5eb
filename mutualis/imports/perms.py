"""Who may do what with imports (reading goes through `scoped(ImportBatch, membership)`)."""

from mutualis.accounts.roles import REGISTRY_WRITE_ROLES


def can_view_imports(membership) -> bool:
    """GE staff see the import history (the accountant reads it)."""
    return membership is not None and membership.is_staff_role


def can_import(membership) -> bool:
    """Uploading and confirming an import changes the registry: director and planner."""
    return membership is not None and membership.role in REGISTRY_WRITE_ROLES
