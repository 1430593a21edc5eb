"""The PA connector interface (AFNOR XP Z12-013 Flow Service 1.3.0 semantics) and its simulator.

A connector deposits a flow with a `trackingId` and its SHA-256 (`POST /v1/flows`), reads the
lifecycle statuses of a flow (`POST /v1/flows/search` with `updatedAfter`) and sends the seller's
« encaissée » (212) status. `SimulatedPA` is the demo and test platform: it keeps its flows in its
own JSON store (outside our database, like a real PA), so that what it received survives a worker
that dies after sending, exactly as a remote platform would. It is never enabled in production.
"""

import dataclasses
import fcntl
import hashlib
import json
import uuid
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from lxml import etree


class PAError(Exception):
    """The platform could not be reached or refused the call; `message` is French, for people."""

    def __init__(self, message, *, retry=True):
        super().__init__(message)
        self.message = message
        self.retry = retry


@dataclasses.dataclass(frozen=True)
class SubmitResult:
    flow_id: str
    already_existing: bool  # ReasonCode AlreadyExistingFlow: the tracking id was already deposited


@dataclasses.dataclass(frozen=True)
class StatusMessage:
    message_id: str
    code: int
    at: str  # ISO 8601
    reason: str = ""
    amount: str | None = None
    vat_rate: str | None = None


class PAConnector:
    """What the deposit task needs from a platform."""

    def submit(self, *, tracking_id, filename, content: bytes, sha256, processing_rule) -> SubmitResult:
        raise NotImplementedError

    def statuses(self, *, flow_id, tracking_id="") -> list[StatusMessage]:
        raise NotImplementedError

    def send_cashed(
        self, *, flow_id, message_id, amount: Decimal, vat_rate: Decimal, document_number=""
    ) -> StatusMessage:
        raise NotImplementedError

    def check(self) -> str:
        """« Tester la connexion »: a French sentence when the platform answers; PAError otherwise."""
        raise NotImplementedError


CII = {
    "rsm": "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
    "ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
}


class SimulatedPA(PAConnector):
    """A platform in a JSON file: idempotent on trackingId, checks the checksum and the addressing.

    Deposits are acknowledged « déposée » (200); `advance` moves a flow through the statuses on
    command (demo, tests), `reject` / `refuse` end it with a reason.
    """

    def __init__(self, path=None):
        self.path = Path(path or getattr(settings, "MUTUALIS_PA_SIMULATOR_STORE", "var/pa-simulator.json"))

    @contextmanager
    def _store(self):
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.path.with_suffix(".lock"), "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            data = json.loads(self.path.read_text()) if self.path.exists() else {"flows": {}, "directory": {}}
            yield data
            tmp = self.path.with_suffix(".tmp")
            tmp.write_text(json.dumps(data))
            tmp.replace(self.path)

    # --- the Flow Service -------------------------------------------------------------

    def submit(self, *, tracking_id, filename, content, sha256, processing_rule):
        if hashlib.sha256(content).hexdigest() != sha256:
            raise PAError(
                "La plateforme a refusé le dépôt : l'empreinte SHA-256 ne correspond pas.", retry=False
            )
        with self._store() as data:
            for flow_id, flow in data["flows"].items():
                if flow["tracking_id"] == tracking_id:
                    return SubmitResult(flow_id=flow_id, already_existing=True)
            flow_id = str(uuid.uuid4())
            flow = {"tracking_id": tracking_id, "filename": filename, "sha256": sha256, "statuses": []}
            data["flows"][flow_id] = flow
            reason = self._routing_problem(content, processing_rule, data["directory"])
            self._add(flow, 200)
            if reason:
                self._add(flow, 213, reason=reason)
            return SubmitResult(flow_id=flow_id, already_existing=False)

    def statuses(self, *, flow_id, tracking_id=""):
        with self._store() as data:
            flow = data["flows"].get(flow_id)
            if flow is None:
                raise PAError("La plateforme ne connaît pas ce flux.", retry=False)
            return [StatusMessage(**s) for s in flow["statuses"]]

    def send_cashed(self, *, flow_id, message_id, amount, vat_rate, document_number=""):
        with self._store() as data:
            flow = data["flows"][flow_id]
            for s in flow["statuses"]:
                if s["message_id"] == message_id:
                    return StatusMessage(**s)
            return StatusMessage(
                **self._add(flow, 212, message_id=message_id, amount=str(amount), vat_rate=str(vat_rate))
            )

    def check(self):
        return "Simulateur de plateforme agréée : il répond (aucune plateforme réelle n'est configurée)."

    # --- commands of the simulator ----------------------------------------------------

    def set_directory(self, siren, status):
        """The directory line of a SIREN: Enabled / Disabled / Upcoming (absent = Enabled)."""
        with self._store() as data:
            data["directory"][siren] = status

    def advance(self, tracking_id, up_to=205):
        """Move a flow through 201, 202, 203, 204, 205 up to `up_to` (the buyer's side, on command)."""
        with self._store() as data:
            flow = self._by_tracking(data, tracking_id)
            done = {s["code"] for s in flow["statuses"]}
            if done & {210, 213}:
                return
            for code in (201, 202, 203, 204, 205):
                if code <= up_to and code not in done:
                    self._add(flow, code)

    def refuse(self, tracking_id, reason):
        with self._store() as data:
            self._add(self._by_tracking(data, tracking_id), 210, reason=reason)

    def reject(self, tracking_id, reason):
        with self._store() as data:
            self._add(self._by_tracking(data, tracking_id), 213, reason=reason)

    def flows(self):
        with self._store() as data:
            return data["flows"]

    # --- internals --------------------------------------------------------------------

    @staticmethod
    def _by_tracking(data, tracking_id):
        for flow in data["flows"].values():
            if flow["tracking_id"] == str(tracking_id):
                return flow
        raise PAError("La plateforme ne connaît pas ce document.", retry=False)

    @staticmethod
    def _add(flow, code, **extra):
        message = {"message_id": extra.pop("message_id", None) or str(uuid.uuid4()), "code": code}
        message["at"] = timezone.now().isoformat()
        message.update(extra)
        flow["statuses"].append(message)
        return message

    @staticmethod
    def _routing_problem(content, processing_rule, directory):
        """The reason of a routing rejection (213), or ''. Reads the CII of the Factur-X."""
        if processing_rule == "OUTOFSCOPE":
            return "Facture hors champ de la facturation électronique : elle ne doit pas être déposée."
        import facturx

        try:
            _name, xml = facturx.get_facturx_xml_from_pdf(content, check_xsd=False)
            root = etree.fromstring(xml)
        except Exception:
            return "Fichier illisible : ce n'est pas une Factur-X."
        buyer = root.findtext(
            ".//ram:BuyerTradeParty/ram:URIUniversalCommunication/ram:URIID", namespaces=CII
        )
        if not buyer:
            return "BR-FR-12 : adresse électronique de l'acheteur (BT-49) absente."
        siren = buyer.split("_")[0]
        if directory.get(siren, "Enabled") != "Enabled":
            return f"Adresse {buyer} non active dans l'annuaire (ligne {directory[siren]})."
        return ""


def connector_for(group) -> PAConnector:
    """The platform of a GE: its own settings when it entered a PA's URL (the HTTP connector),
    otherwise the one named by `MUTUALIS_PA_CONNECTOR` (the simulator in development and tests)."""
    from .models import PlatformSettings

    platform = PlatformSettings.objects.filter(group=group).first()
    if platform is not None and platform.base_url:
        from .afnor import HttpPA

        return HttpPA.from_settings(platform)
    backend = getattr(settings, "MUTUALIS_PA_CONNECTOR", "simulator")
    if backend == "simulator":
        return SimulatedPA()
    raise PAError(
        "Aucune plateforme agréée n'est configurée pour ce groupement : renseignez-la dans "
        "Facturation électronique › Plateforme agréée.",
        retry=False,
    )
