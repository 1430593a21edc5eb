"""The HTTP connector: a PA's Flow Service as published in AFNOR XP Z12-013 (version 1.3.0).

- OAuth2 client credentials (`grant_type=client_credentials` at the token URL); the token is kept for
  its lifetime and refreshed once when the PA answers 401, then the call fails with a clear message.
- `Organization-Id` (delegation) and a fresh `Request-Id` on every call.
- Deposit: `POST /v1/flows` (multipart: `flowInfo` JSON with `trackingId` = the document's public id,
  `sha256`, `processingRule`, and the file). A PA that already has the tracking id answers
  `AlreadyExistingFlow`: the flow is then looked up by `POST /v1/flows/search` {trackingId}, so a retry
  never makes a second flow.
- Statuses: the incoming lifecycle flows (`CustomerInvoiceLC`) of the document, found by
  `POST /v1/flows/search` and read one by one as CDAR (`GET /v1/flows/{flowId}?docType=Original`).
- « Encaissée »: a CDAR 212 deposited as a flow whose tracking id is the payment's message id.
- A PA that is down, answers 5xx or 429, or times out raises a retryable `PAError`.
"""

import hashlib
import json
import time
import uuid

import requests
from django.utils import timezone

from . import cdar
from .connector import PAConnector, PAError, StatusMessage, SubmitResult

TIMEOUT = (5, 30)  # connect, read (seconds)


class HttpPA(PAConnector):
    def __init__(self, *, base_url, token_url, client_id, client_secret, organization_id="", session=None):
        self.base_url = base_url.rstrip("/")
        self.token_url = token_url or f"{self.base_url}/oauth/token"
        self.client_id = client_id
        self.client_secret = client_secret
        self.organization_id = organization_id
        self.session = session or requests.Session()
        self._token = None
        self._token_expires = 0.0

    @classmethod
    def from_settings(cls, platform):
        from .secrets import SecretUnreadable, decrypt

        try:
            secret = decrypt(platform.client_secret_encrypted)
        except SecretUnreadable as exc:
            raise PAError(
                "Le secret client de la plateforme ne peut plus être lu (clé de chiffrement changée) : "
                "saisissez-le de nouveau dans les réglages de la plateforme agréée.",
                retry=False,
            ) from exc
        return cls(
            base_url=platform.base_url,
            token_url=platform.effective_token_url,
            client_id=platform.client_id,
            client_secret=secret,
            organization_id=platform.organization_id,
        )

    # --- HTTP --------------------------------------------------------------------------

    def _fetch_token(self):
        try:
            response = self.session.post(
                self.token_url,
                data={
                    "grant_type": "client_credentials",
                    "client_id": self.client_id,
                    "client_secret": self.client_secret,
                },
                timeout=TIMEOUT,
            )
        except requests.Timeout as exc:
            raise PAError("La plateforme ne répond pas (délai dépassé) pour le jeton d'accès.") from exc
        except requests.RequestException as exc:
            raise PAError("La plateforme est injoignable (jeton d'accès) : vérifiez son adresse.") from exc
        if response.status_code in (400, 401, 403):
            raise PAError(
                "La plateforme refuse l'identifiant ou le secret client OAuth2 : vérifiez-les dans les "
                "réglages de la plateforme agréée.",
                retry=False,
            )
        if response.status_code != 200:
            raise PAError(f"La plateforme n'a pas délivré de jeton d'accès (erreur {response.status_code}).")
        try:
            payload = response.json()
            self._token = payload["access_token"]
        except (ValueError, KeyError) as exc:
            raise PAError("La réponse de la plateforme au jeton d'accès est illisible.", retry=False) from exc
        self._token_expires = time.monotonic() + max(int(payload.get("expires_in", 300)) - 30, 30)

    def _headers(self):
        if self._token is None or time.monotonic() >= self._token_expires:
            self._fetch_token()
        headers = {"Authorization": f"Bearer {self._token}", "Request-Id": str(uuid.uuid4())}
        if self.organization_id:
            headers["Organization-Id"] = self.organization_id
        return headers

    def _call(self, method, path, *, expect=(200,), **kwargs):
        """One call; a 401 refreshes the token once. Returns the response (status in `expect`)."""
        url = f"{self.base_url}{path}"
        for attempt in (1, 2):
            try:
                response = self.session.request(
                    method, url, headers=self._headers(), timeout=TIMEOUT, **kwargs
                )
            except requests.Timeout as exc:
                raise PAError(
                    "La plateforme ne répond pas (délai dépassé) ; nouvel essai plus tard."
                ) from exc
            except requests.RequestException as exc:
                raise PAError("La plateforme est injoignable ; nouvel essai plus tard.") from exc
            if response.status_code == 401 and attempt == 1:
                self._token = None  # expired or revoked: one new token, then one more try
                continue
            break
        if response.status_code in expect:
            return response
        if response.status_code == 401:
            raise PAError(
                "La plateforme refuse notre jeton d'accès même renouvelé : vérifiez l'identifiant et le "
                "secret client.",
                retry=False,
            )
        if response.status_code == 429 or response.status_code >= 500:
            raise PAError(
                f"La plateforme est indisponible (erreur {response.status_code}) ; nouvel essai plus tard."
            )
        error = _error(response)
        return _Refused(response, error)

    # --- PAConnector ---------------------------------------------------------------------

    def check(self):
        self._call("GET", "/v1/healthcheck")  # the token is fetched first: credentials are tested too
        return "Connexion réussie : la plateforme répond et accepte les identifiants du groupement."

    def submit(self, *, tracking_id, filename, content, sha256, processing_rule):
        info = {
            "trackingId": tracking_id,
            "name": filename,
            "processingRule": _rule(processing_rule),
            "flowSyntax": "Factur-X",
            "flowProfile": "CIUS",
            "sha256": sha256,
        }
        answer = self._call(
            "POST",
            "/v1/flows",
            expect=(200, 201, 202),
            files={
                "flowInfo": (None, json.dumps(info), "application/json"),
                "file": (filename, content, "application/pdf"),
            },
        )
        if isinstance(answer, _Refused):
            if answer.code == "AlreadyExistingFlow":
                return SubmitResult(flow_id=self._find_flow(tracking_id), already_existing=True)
            raise PAError(f"La plateforme a refusé le dépôt : {answer.text}", retry=False)
        return SubmitResult(flow_id=answer.json()["flowId"], already_existing=False)

    def statuses(self, *, flow_id, tracking_id=""):
        messages = []
        for flow in self._search(
            {"trackingId": tracking_id, "flowType": ["CustomerInvoiceLC"], "flowDirection": ["In"]}
        ):
            answer = self._call("GET", f"/v1/flows/{flow['flowId']}", params={"docType": "Original"})
            if isinstance(answer, _Refused):
                raise PAError(f"La plateforme n'a pas donné le statut {flow['flowId']} : {answer.text}")
            try:
                data = cdar.parse(answer.content)
            except ValueError:
                continue  # a message we cannot read is skipped, never invented; the next poll retries
            messages.append(
                StatusMessage(
                    message_id=data["message_id"] or flow["flowId"],
                    code=data["code"],
                    at=data["at"] or flow.get("updatedAt", ""),
                    reason=data["reason"],
                    amount=data["amount"],
                    vat_rate=data["vat_rate"],
                )
            )
        return messages

    def send_cashed(self, *, flow_id, message_id, amount, vat_rate, document_number=""):
        at = timezone.now().isoformat()
        content = cdar.build(
            message_id=message_id,
            code=212,
            at=at,
            document_number=document_number,
            amount=str(amount),
            vat_rate=str(vat_rate),
        )
        info = {
            "trackingId": message_id,
            "name": f"{message_id}.xml",
            "flowSyntax": "CDAR",
            "sha256": hashlib.sha256(content).hexdigest(),
        }
        answer = self._call(
            "POST",
            "/v1/flows",
            expect=(200, 201, 202),
            files={
                "flowInfo": (None, json.dumps(info), "application/json"),
                "file": (info["name"], content, "application/xml"),
            },
        )
        if isinstance(answer, _Refused) and answer.code != "AlreadyExistingFlow":
            raise PAError(f"La plateforme a refusé le statut « encaissée » : {answer.text}", retry=False)
        return StatusMessage(
            message_id=message_id, code=212, at=at, amount=str(amount), vat_rate=str(vat_rate)
        )

    # --- internals ---------------------------------------------------------------------

    def _search(self, where):
        where = {k: v for k, v in where.items() if v}
        cursor, results = None, []
        for _page in range(50):  # 50 pages of 100: far more than one document's statuses
            body = {"where": where, "limit": 100}
            if cursor:
                body["cursor"] = cursor
            answer = self._call("POST", "/v1/flows/search", json=body)
            if isinstance(answer, _Refused):
                raise PAError(f"La plateforme a refusé la recherche de flux : {answer.text}", retry=False)
            payload = answer.json()
            results += payload.get("results", [])
            cursor = payload.get("nextCursor")
            if not cursor:
                break
        return results

    def _find_flow(self, tracking_id):
        for flow in self._search({"trackingId": tracking_id, "flowDirection": ["Out"]}):
            return flow["flowId"]
        raise PAError(
            "La plateforme dit avoir déjà ce document mais ne le retrouve pas ; nouvel essai plus tard."
        )


class _Refused:
    """A 4xx answer other than 401: the PA's error code and message."""

    def __init__(self, response, error):
        self.status = response.status_code
        self.code, self.text = error


def _error(response):
    try:
        payload = response.json()
    except ValueError:
        return "", f"erreur {response.status_code}"
    code = payload.get("errorCode") or payload.get("reasonCode") or ""
    text = payload.get("errorMessage") or payload.get("details") or code or f"erreur {response.status_code}"
    return code, text


def _rule(rule):
    """Our processing rule → the Flow Service's `ProcessingRule` enum."""
    return {"OUTOFSCOPE": "OutOfScope"}.get(rule, rule)
