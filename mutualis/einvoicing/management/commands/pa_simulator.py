"""Run the PA simulator as an HTTP server (development and demo only)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from mutualis.einvoicing.simulator_http import SimulatorServer


class Command(BaseCommand):
    help = "Lance le simulateur de plateforme agréée (API AFNOR XP Z12-013) sur le port donné."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8765)
        parser.add_argument("--client-id", default="mutualis")
        parser.add_argument("--client-secret", default="simulateur")

    def handle(self, *args, port, client_id, client_secret, **options):
        if not settings.DEBUG:
            raise CommandError("Le simulateur de plateforme ne tourne qu'en développement (DEBUG).")
        server = SimulatorServer(
            ("127.0.0.1", port),
            store_path=settings.MUTUALIS_PA_SIMULATOR_STORE,
            client_id=client_id,
            client_secret=client_secret,
        )
        self.stdout.write(f"Simulateur de plateforme agréée sur {server.url} (client {client_id}).")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            server.server_close()
