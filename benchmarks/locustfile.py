"""Locust users of `make bench-web` (benchmarks/web.py starts the server and sets the environment).

A *director* logs in with the real login form as a demo account (`MUTUALIS_BENCH_USERNAME`, password
`mutualis-demo`), switches to the GE under test (`MUTUALIS_BENCH_MEMBERSHIP`: the public id of her
membership there), then walks the pages a person uses every day, with 1–3 s of reading between two
pages. One user in ten is the insertion *referente* of the demo (her caseload: the same structure in
both runs). Each request is named after its page, so the statistics are per page. The pages are
walked only once every user has logged in (`MUTUALIS_BENCH_USERS` of them, or after 90 s): the
Argon2 logins of 50 users at once would otherwise be measured as slow pages.
"""

import os
import random
import re

import gevent
from gevent.event import Event
from locust import HttpUser, between, task

PASSWORD = "mutualis-demo"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
LOGGED_IN = {"count": 0}
EVERYONE_IN = Event()


def _wait_for_everyone():
    LOGGED_IN["count"] += 1
    if LOGGED_IN["count"] >= int(os.environ.get("MUTUALIS_BENCH_USERS", "1")):
        EVERYONE_IN.set()
    EVERYONE_IN.wait(timeout=90)
    # Then the same reading time as between two pages before the first one: people who logged in
    # do not all click at the same instant (released together, 50 users sent 50 pages at once).
    gevent.sleep(random.uniform(1, 3))


def _plain_cookies(client):
    # DEBUG=0 marks the cookies Secure (any response may set the CSRF cookie again); the bench talks
    # plain HTTP on the loopback, so un-mark them before each request, or they would not be sent.
    for cookie in client.cookies:
        cookie.secure = False


def _login(user, username):
    page = user.client.get("/comptes/connexion/", name="connexion")
    _plain_cookies(user.client)
    token = CSRF.search(page.text).group(1)
    with user.client.post(
        "/comptes/connexion/",
        data={"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token},
        name="connexion",
        allow_redirects=False,
        catch_response=True,
    ) as response:
        if response.status_code != 302:
            response.failure(f"login of {username} refused ({response.status_code})")
    _plain_cookies(user.client)


def _get(user, path, name):
    _plain_cookies(user.client)
    with user.client.get(path, name=name, allow_redirects=False, catch_response=True) as response:
        if response.status_code != 200:
            response.failure(f"{name}: HTTP {response.status_code}")


class Director(HttpUser):
    weight = 9
    wait_time = between(1, 3)

    def on_start(self):
        _login(self, os.environ.get("MUTUALIS_BENCH_USERNAME", "directrice"))
        membership = os.environ.get("MUTUALIS_BENCH_MEMBERSHIP")
        if membership:
            token = CSRF.search(self.client.get("/", name="changer d'organisation").text).group(1)
            _plain_cookies(self.client)
            self.client.post(
                "/comptes/organisation/",
                data={"membership": membership, "csrfmiddlewaretoken": token, "next": "/"},
                name="changer d'organisation",
                allow_redirects=False,
            )
            _plain_cookies(self.client)
        _wait_for_everyone()

    @task(3)
    def home(self):
        _get(self, "/", "accueil (tableau de bord)")

    @task(2)
    def members(self):
        _get(self, "/adherents/", "adhérents")

    @task(2)
    def employees(self):
        _get(self, "/salaries/", "salariés")

    @task(2)
    def planning_week(self):
        _get(self, f"/planning/semaine/?semaine={os.environ['MUTUALIS_BENCH_MONDAY']}", "planning semaine")

    @task(2)
    def timesheets_month(self):
        _get(self, f"/releves/mois/{os.environ['MUTUALIS_BENCH_MONTH']}/", "relevés du mois")

    @task(1)
    def invoices(self):
        _get(self, "/facturation/factures/", "factures")

    @task(1)
    def offers(self):
        _get(self, "/recrutement/", "offres (recrutement)")


class Referent(HttpUser):
    weight = 1
    wait_time = between(1, 3)

    def on_start(self):
        _login(self, "referente")
        _wait_for_everyone()

    @task
    def caseload(self):
        _get(self, "/insertion/", "portefeuille (insertion)")
