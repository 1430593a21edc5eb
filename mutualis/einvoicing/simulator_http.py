"""The PA simulator as a separate HTTP server speaking the AFNOR XP Z12-013 Flow Service (1.3.0).

It serves the same JSON store as `SimulatedPA` (deduplication on trackingId, checksum, routing
rejection by the directory, statuses moved on command), behind the HTTP API our `HttpPA` connector
calls: `POST /oauth/token` (client credentials), `GET /v1/healthcheck`, `POST /v1/flows` (multipart),
`POST /v1/flows/search`, `GET /v1/flows/{flowId}` (`docType=Original` gives the file, a CDAR for a
lifecycle flow). For development and tests only: `manage.py pa_simulator` runs it; production
settings never point a GE at it.
"""

import email.parser
import email.policy
import json
import re
import secrets
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from . import cdar
from .connector import PAError, SimulatedPA


class SimulatorServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address, *, store_path=None, client_id="mutualis", client_secret="simulateur"):
        super().__init__(address, _Handler)
        self.pa = SimulatedPA(store_path)
        self.client_id = client_id
        self.client_secret = client_secret
        self.tokens = set()
        self.calls = []  # (method, path, status): what the tests look at
        # Tests: with `hold` set, a deposit is stored and then its answer waits for `release`, so that
        # the caller can be killed after the platform received the file and before it heard back.
        self.hold = threading.Event()
        self.release = threading.Event()
        self.fail_with = None  # tests: an HTTP status (e.g. 503) every API call answers, as a PA that is down

    @property
    def url(self):
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"

    def revoke_tokens(self):
        """Every issued token becomes invalid (the next call gets a 401, as when a token expired)."""
        self.tokens.clear()

    def handle_error(self, request, client_address):
        import sys

        if isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            return  # the caller went away (a killed worker, in the tests): nothing to answer to
        super().handle_error(request, client_address)

    def start(self):
        thread = threading.Thread(target=self.serve_forever, name="pa-simulator", daemon=True)
        thread.start()
        return thread


class _Handler(BaseHTTPRequestHandler):
    server: SimulatorServer

    def log_message(self, format, *args):  # quiet: tests and `runserver` logs stay readable
        return

    # --- plumbing --------------------------------------------------------------------

    def _send(self, status, payload=None, *, content=None, content_type="application/json"):
        body = content if content is not None else json.dumps(payload or {}).encode()
        # Recorded before answering: the caller may look at the calls as soon as it has the answer.
        self.server.calls.append((self.command, self.path.split("?")[0], status))
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _body(self):
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def _authorised(self):
        if self.server.fail_with:
            self._error(self.server.fail_with, "ServiceUnavailable", "maintenance")
            return False
        token = self.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        if token and token in self.server.tokens:
            return True
        self._send(401, {"errorCode": "Unauthorized", "errorMessage": "invalid or expired token"})
        return False

    def _error(self, status, code, message):
        self._send(status, {"errorCode": code, "errorMessage": message})

    # --- routes ----------------------------------------------------------------------

    def do_GET(self):
        path, _sep, query = self.path.partition("?")
        if not self._authorised():
            return
        if path == "/v1/healthcheck":
            return self._send(200, {"status": "UP"})
        match = re.fullmatch(r"/v1/flows/([\w-]+)", path)
        if not match:
            return self._error(404, "NotFound", "unknown path")
        found = self._find(match.group(1))
        if found is None:
            return self._error(404, "NotFound", "unknown flow")
        kind, flow, status = found
        if "docType=Original" in query and kind == "lc":
            content = cdar.build(
                message_id=status["message_id"],
                code=status["code"],
                at=status["at"],
                document_number=flow["filename"].removesuffix(".pdf"),
                reason=status.get("reason", ""),
                amount=status.get("amount"),
                vat_rate=status.get("vat_rate"),
            )
            return self._send(200, content=content, content_type="application/xml")
        return self._send(200, _lc_flow(flow, status) if kind == "lc" else _out_flow(match.group(1), flow))

    def do_POST(self):
        path = self.path.split("?")[0]
        if path == "/oauth/token":
            return self._token()
        if not self._authorised():
            return
        if path == "/v1/flows":
            return self._create_flow()
        if path == "/v1/flows/search":
            return self._search()
        return self._error(404, "NotFound", "unknown path")

    def _token(self):
        from urllib.parse import parse_qs

        form = {k: v[0] for k, v in parse_qs(self._body().decode()).items()}
        if (
            form.get("grant_type") != "client_credentials"
            or form.get("client_id") != self.server.client_id
            or form.get("client_secret") != self.server.client_secret
        ):
            return self._send(401, {"error": "invalid_client"})
        token = secrets.token_urlsafe(24)
        self.server.tokens.add(token)
        return self._send(200, {"access_token": token, "token_type": "Bearer", "expires_in": 3600})

    def _create_flow(self):
        parts = _multipart(self.headers.get("Content-Type", ""), self._body())
        if "flowInfo" not in parts or "file" not in parts:
            return self._error(400, "MissingRequiredField", "flowInfo and file are required")
        info = json.loads(parts["flowInfo"])
        content = parts["file"]
        if info.get("flowSyntax") == "CDAR":
            return self._lifecycle_from_seller(info, content)
        tracking_id = info.get("trackingId", "")
        existing = self._by_tracking(tracking_id)
        if existing:
            return self._error(409, "AlreadyExistingFlow", "The flow has already been sent and received.")
        try:
            result = self.server.pa.submit(
                tracking_id=tracking_id,
                filename=info.get("name", "flow"),
                content=content,
                sha256=info.get("sha256", ""),
                processing_rule={"OutOfScope": "OUTOFSCOPE"}.get(info.get("processingRule"), "B2B"),
            )
        except PAError as exc:
            return self._error(422, "InvalidChecksum", exc.message)
        if self.server.hold.is_set():
            self.server.release.wait(timeout=60)
        flows = self.server.pa.flows()
        return self._send(202, _out_flow(result.flow_id, flows[result.flow_id]))

    def _lifecycle_from_seller(self, info, content):
        """A seller's CDAR (212 « encaissée »): added to the invoice's flow, once per message id."""
        try:
            data = cdar.parse(content)
        except ValueError as exc:
            return self._error(400, "InvalidSchema", str(exc))
        for flow_id, flow in self.server.pa.flows().items():
            if flow["filename"].removesuffix(".pdf") == data["document_number"]:
                self.server.pa.send_cashed(
                    flow_id=flow_id,
                    message_id=data["message_id"],
                    amount=data["amount"],
                    vat_rate=data["vat_rate"],
                )
                return self._send(202, {"flowId": data["message_id"], "trackingId": info.get("trackingId")})
        return self._error(422, "UnknownInvoice", "no invoice with this number")

    def _search(self):
        where = json.loads(self._body() or b"{}").get("where", {})
        tracking_id = where.get("trackingId")
        results = []
        for flow_id, flow in self.server.pa.flows().items():
            if tracking_id and flow["tracking_id"] != tracking_id:
                continue
            if "CustomerInvoiceLC" in where.get("flowType", []):
                results += [_lc_flow(flow, status) for status in flow["statuses"]]
            else:
                results.append(_out_flow(flow_id, flow))
        return self._send(200, {"limit": 100, "filters": where, "results": results})

    # --- lookups ---------------------------------------------------------------------

    def _by_tracking(self, tracking_id):
        for flow in self.server.pa.flows().values():
            if flow["tracking_id"] == tracking_id:
                return flow
        return None

    def _find(self, flow_id):
        flows = self.server.pa.flows()
        if flow_id in flows:
            return "out", flows[flow_id], None
        for flow in flows.values():
            for status in flow["statuses"]:
                if status["message_id"] == flow_id:
                    return "lc", flow, status
        return None


def _out_flow(flow_id, flow):
    submitted = flow["statuses"][0]["at"] if flow["statuses"] else ""
    return {
        "flowId": flow_id,
        "trackingId": flow["tracking_id"],
        "name": flow["filename"],
        "flowSyntax": "Factur-X",
        "flowProfile": "CIUS",
        "processingRule": "B2B",
        "processingRuleSource": "Input",
        "flowType": "CustomerInvoice",
        "flowDirection": "Out",
        "submittedAt": submitted,
        "updatedAt": flow["statuses"][-1]["at"] if flow["statuses"] else submitted,
        "acknowledgement": {"status": "Ok"},
    }


def _lc_flow(flow, status):
    return {
        "flowId": status["message_id"],
        "trackingId": flow["tracking_id"],
        "name": f"{status['message_id']}.xml",
        "flowSyntax": "CDAR",
        "flowProfile": "Undefined",
        "processingRule": "B2B",
        "processingRuleSource": "Computed",
        "flowType": "CustomerInvoiceLC",
        "flowDirection": "In",
        "submittedAt": status["at"],
        "updatedAt": status["at"],
        "acknowledgement": {"status": "Ok"},
    }


def _multipart(content_type, body):
    """{name: bytes or str} of a multipart/form-data body (the stdlib's e-mail parser reads it)."""
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        f"Content-Type: {content_type}\r\n\r\n".encode() + body
    )
    parts = {}
    if not message.is_multipart():
        return parts
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True)
        parts[name] = payload.decode() if name == "flowInfo" else payload
    return parts
