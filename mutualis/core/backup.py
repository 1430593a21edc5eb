"""Backup and restore of a deployment: the database and the uploaded files, in one archive.

An archive (`.tar.gz`) holds `manifest.json` (date, database engine), the database — `database.sqlite3`
(SQLite's online backup: consistent while the site runs) or `database.dump` (`pg_dump --format=custom`)
— and `media/`, the uploaded files (imports, evidence, documents). `restore` puts both back: the
database is replaced whole, the media folder too. See docs/production.md.
"""

import datetime
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import connections

FORMAT_VERSION = 1


class BackupError(Exception):
    pass


def _vendor(alias="default"):
    return connections[alias].vendor


def _pg_env_and_args(alias="default"):
    conf = connections[alias].settings_dict
    env = {**os.environ}
    if conf.get("PASSWORD"):
        env["PGPASSWORD"] = str(conf["PASSWORD"])
    args = []
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if conf.get(key):
            args += [flag, str(conf[key])]
    return env, args, conf["NAME"]


def _dump_database(target: Path, alias="default"):
    connection = connections[alias]
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        destination = sqlite3.connect(target)
        try:
            connection.connection.backup(destination)
        finally:
            destination.close()
        return "database.sqlite3"
    if connection.vendor == "postgresql":
        env, args, name = _pg_env_and_args(alias)
        subprocess.run(
            ["pg_dump", "--format=custom", "--no-owner", "--file", str(target), *args, name],
            env=env,
            check=True,
            capture_output=True,
        )
        return "database.dump"
    raise BackupError(f"Base de données non prise en charge : {connection.vendor}")


def _load_database(source: Path, alias="default"):
    connection = connections[alias]
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        origin = sqlite3.connect(source)
        try:
            origin.backup(connection.connection)
        finally:
            origin.close()
        return
    env, args, name = _pg_env_and_args(alias)
    connection.close()
    subprocess.run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            *args,
            "--dbname",
            name,
            str(source),
        ],
        env=env,
        check=True,
        capture_output=True,
    )
    # pg_restore brings no planner statistics: without them PostgreSQL guesses a row or so per
    # table and picks slow plans until autovacuum gets round to it (PostgreSQL's pg_restore notes).
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def create(output: Path | None = None) -> Path:
    """Write an archive; answer its path."""
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    if output is None:
        output = Path(settings.VAR_DIR) / "backups" / f"mutualis-{stamp}.tar.gz"
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        name = _dump_database(Path(work) / "database", "default")
        manifest = {
            "format": FORMAT_VERSION,
            "created_at": datetime.datetime.now(datetime.UTC).isoformat(),
            "database": {"vendor": _vendor(), "file": name},
        }
        (Path(work) / "manifest.json").write_text(json.dumps(manifest, indent=2))
        with tarfile.open(output, "w:gz") as archive:
            archive.add(Path(work) / "manifest.json", arcname="manifest.json")
            archive.add(Path(work) / "database", arcname=name)
            media = Path(settings.MEDIA_ROOT)
            if media.exists():
                archive.add(media, arcname="media")
    return output


def read_manifest(archive_path: Path) -> dict:
    with tarfile.open(archive_path, "r:gz") as archive:
        member = archive.extractfile("manifest.json")
        if member is None:
            raise BackupError("Archive sans manifest.json")
        return json.loads(member.read())


def restore(archive_path: Path):
    """Replace the database and the media folder by the archive's."""
    manifest = read_manifest(archive_path)
    if manifest["database"]["vendor"] != _vendor():
        raise BackupError(
            f"Cette sauvegarde vient d'une base {manifest['database']['vendor']}, la base actuelle est "
            f"{_vendor()}."
        )
    with tempfile.TemporaryDirectory() as work, tarfile.open(archive_path, "r:gz") as archive:
        archive.extractall(work, filter="data")
        _load_database(Path(work) / manifest["database"]["file"])
        media, saved = Path(settings.MEDIA_ROOT), Path(work) / "media"
        if media.exists():
            shutil.rmtree(media)
        if saved.exists():
            shutil.copytree(saved, media)
        else:
            media.mkdir(parents=True, exist_ok=True)
    return manifest
