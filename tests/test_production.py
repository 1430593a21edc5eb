"""The production setup (issue 17, item 11): gunicorn serves the app with DEBUG off and answers its
health check; `backup` / `restore` put back the database and the uploaded files."""

import json
import os
import secrets
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

BASE_DIR = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.django_db


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def served_database(tmp_path):
    """Environment pointing a subprocess at a migrated database: a file copy of the SQLite test
    database, or the PostgreSQL test database itself. The test must not hold a transaction open
    (`transaction=True`): SQLite's backup waits for it, and the other process would not see the tables."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "MUTUALIS_"))}
    var = tmp_path / "var"
    var.mkdir()
    env["MUTUALIS_VAR_DIR"] = str(var)
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(var / "mutualis.sqlite3")
        connection.connection.backup(target)
        target.close()
    else:
        conf = connection.settings_dict
        auth = conf["USER"] + (f":{conf['PASSWORD']}" if conf.get("PASSWORD") else "")
        env["DATABASE_URL"] = (
            f"postgres://{auth}@{conf['HOST'] or '127.0.0.1'}:{conf['PORT'] or 5432}/{conf['NAME']}"
        )
    return env, var


def manage(env, *args):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )


def get(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


@pytest.mark.django_db(transaction=True)
def test_gunicorn_serves_the_health_check_with_debug_off(tmp_path):
    env, var = served_database(tmp_path)
    port = free_port()
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(48),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_LOG_FORMAT="json",
        MUTUALIS_BIND=f"127.0.0.1:{port}",
        MUTUALIS_WEB_WORKERS="1",
        MUTUALIS_WEB_THREADS="2",
    )
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "-c", "deploy/gunicorn.conf.py"],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 150
        status = None
        while time.monotonic() < deadline and server.poll() is None:
            try:
                status, headers, body = get(f"http://127.0.0.1:{port}/sante/")
                break
            except OSError:
                time.sleep(0.5)
        assert status == 200, (status, server.poll())
        health = json.loads(body)
        assert health["status"] == "ok"
        assert health["database"]["ok"] and health["queue"]["ok"]
        assert "no-cache" in headers["Cache-Control"] or "no-store" in headers["Cache-Control"]
        # DEBUG is off: an unknown API address is the JSON 404, not Django's debug page.
        status, _, body = get(f"http://127.0.0.1:{port}/api/v1/nulle-part/")
        assert status == 404 and json.loads(body) == {"detail": "Introuvable."}
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0]
    access = [line for line in output.splitlines() if '"logger": "gunicorn.access"' in line]
    assert access and json.loads(access[0])["path"] == "/sante/"


def test_health_check_answers_json_without_data(client):
    response = client.get("/sante/")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body) == {"status", "database", "queue"}


def test_health_check_says_503_when_the_database_fails(client, monkeypatch):
    from mutualis.www.operations import views

    def broken():
        raise RuntimeError("down")

    monkeypatch.setattr(views, "_database", broken)
    response = client.get("/sante/")
    assert response.status_code == 503
    assert response.json()["database"] == {"ok": False}


@pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="restores into a file copy of the SQLite test database; the PostgreSQL path uses pg_dump/pg_restore",
)
@pytest.mark.django_db(transaction=True)
def test_backup_then_restore_brings_back_database_and_files(tmp_path):
    env, var = served_database(tmp_path)
    db = var / "mutualis.sqlite3"
    with sqlite3.connect(db) as raw:
        raw.execute("CREATE TABLE backup_probe (value TEXT)")
        raw.execute("INSERT INTO backup_probe VALUES ('avant')")
    upload = var / "media" / "imports" / "adherents.csv"
    upload.parent.mkdir(parents=True)
    upload.write_text("nom;siret\n")
    archive = tmp_path / "sauvegarde.tar.gz"

    made = manage(env, "backup", "--output", str(archive))
    assert made.returncode == 0, made.stderr
    assert archive.exists()

    with sqlite3.connect(db) as raw:
        raw.execute("UPDATE backup_probe SET value = 'après'")
    upload.unlink()
    (var / "media" / "intrus.txt").write_text("x")

    dry = manage(env, "restore", str(archive))
    assert dry.returncode == 0 and "simulation" in dry.stdout
    assert not upload.exists()

    restored = manage(env, "restore", str(archive), "--wet-run")
    assert restored.returncode == 0, restored.stderr
    with sqlite3.connect(db) as raw:
        assert raw.execute("SELECT value FROM backup_probe").fetchone() == ("avant",)
    assert upload.read_text() == "nom;siret\n"
    assert not (var / "media" / "intrus.txt").exists()


def test_restore_refuses_a_missing_archive(tmp_path):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="introuvable"):
        call_command("restore", str(tmp_path / "absente.tar.gz"))
