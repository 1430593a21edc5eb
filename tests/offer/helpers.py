"""Offer test helpers: services imported from files built on the package's examples."""

from mutualis.offer import exchange
from mutualis.offer.models import Service

from . import files


def import_services(*services, structures=None):
    exchange.run_import(
        text=files.document(structures=structures, services=list(services)), name="t.json", dry_run=False
    )
    return {s.di_id: s for s in Service.objects.all()}


def service(di_id="dora--s1", **fields):
    return import_services(files.service(id=di_id, **fields))[di_id]
