#!/usr/bin/env bash
# Start one background worker and the web server; stop the worker when the server stops.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
cat <<'TXT'

  Mutualis démarre sur http://127.0.0.1:8000/

  Comptes de démonstration (mot de passe : mutualis-demo) :
    direction     directrice        (GE Partage Orne)
    planification planificateur
    comptabilité  comptable
    adhérent      contact-adherent
    salarié       salarie
    partenaire    partenaire
    observateur   observateur
    insertion     referente, accompagnateur (Tremplin Orne) ; personne (personne accompagnée)
    territoire    crge (CRGE : territoire, projets de GE, observatoire) ; direction-geas (troisième GE)
    plateforme    admin (création d'un GE et invitation de sa direction)

TXT
$PY manage.py db_worker --no-reload &
WORKER=$!
trap 'kill $WORKER 2>/dev/null || true' EXIT INT TERM
$PY manage.py runserver 127.0.0.1:8000
