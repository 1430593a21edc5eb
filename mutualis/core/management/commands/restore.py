from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from mutualis.core import backup


class Command(BaseCommand):
    help = (
        "Restaure une sauvegarde (base de données et fichiers déposés). Remplace tout : sans --wet-run, "
        "dit seulement ce qui serait restauré."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument(
            "--wet-run", action="store_true", help="Restaure vraiment (remplace les données)."
        )

    def handle(self, *args, archive, wet_run, **options):
        if not archive.exists():
            raise CommandError(f"Archive introuvable : {archive}")
        try:
            manifest = backup.read_manifest(archive)
            if not wet_run:
                self.stdout.write(
                    f"[simulation] restaurerait la sauvegarde du {manifest['created_at']} "
                    f"({manifest['database']['vendor']}) ; relancez avec --wet-run."
                )
                return
            backup.restore(archive)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Sauvegarde du {manifest['created_at']} restaurée.")
