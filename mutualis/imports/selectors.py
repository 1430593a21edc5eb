from mutualis.accounts.tenancy import scoped

from .models import ImportBatch


def batches_visible_to(membership):
    return scoped(ImportBatch, membership).select_related("owner", "job")
