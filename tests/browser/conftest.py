"""Browser tests: Playwright driving Debian's Chromium against a real Mutualis stack.

The stack is what `make run` starts, in a temporary directory: a fresh SQLite file (WAL mode),
`manage.py runserver` and one `manage.py db_worker`, each in its own process, after `migrate` and
`seed_demo`. Jobs therefore run through the real task queue and worker, and the pages the browser
polls read progress that another process writes. The test process itself never touches that
database: it drives the browser and runs management commands.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
NO_CHROMIUM = (
    "Chromium absent : installez le paquet Debian chromium (apt-get install chromium) "
    "pour lancer les tests navigateur"
)
BASE_DIR = Path(__file__).resolve().parents[2]
STARTUP_TIMEOUT = 60


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Stack:
    base_url: str
    env: dict
    var_dir: Path

    def manage(self, *args):
        """Run a management command against the stack's database; returns its stdout."""
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=BASE_DIR,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,  # migrate on a busy CI machine
            check=False,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout


def _wait_until_up(url, process, log):
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"The web server stopped:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.3)
    raise RuntimeError(f"The web server did not answer {url} in {STARTUP_TIMEOUT} s:\n{log.read_text()}")


def _stop(process):
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="session")
def stack(tmp_path_factory):
    if not Path(CHROMIUM).exists():
        pytest.skip(NO_CHROMIUM)
    var_dir = tmp_path_factory.mktemp("mutualis-browser")
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "MUTUALIS_", "DATABASE_URL", "PYTEST_", "AXES_"))
    }
    env.update(
        MUTUALIS_VAR_DIR=str(var_dir),
        DJANGO_SETTINGS_MODULE="config.settings",
        DJANGO_DEBUG="1",
        PYTHONUNBUFFERED="1",
    )
    stack = Stack(base_url="", env=env, var_dir=var_dir)
    stack.manage("migrate", "--noinput", "-v", "0")
    stack.manage("seed_demo")
    port = _free_port()
    stack.base_url = f"http://127.0.0.1:{port}"
    server_log = var_dir / "server.log"
    worker_log = var_dir / "worker.log"
    with server_log.open("w") as server_out, worker_log.open("w") as worker_out:
        server = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
            cwd=BASE_DIR,
            env=env,
            stdout=server_out,
            stderr=subprocess.STDOUT,
        )
        worker = subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "db_worker",
                "--no-reload",
                "--no-startup-delay",
                "--interval",
                "0.2",
            ],
            cwd=BASE_DIR,
            env=env,
            stdout=worker_out,
            stderr=subprocess.STDOUT,
        )
        try:
            _wait_until_up(f"{stack.base_url}/comptes/connexion/", server, server_log)
            yield stack
        finally:
            _stop(worker)
            _stop(server)


@pytest.fixture(scope="module")
def browser(stack):
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; Django must not refuse ORM calls.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser, stack):
    context = browser.new_context(base_url=stack.base_url, locale="fr-FR")
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()
