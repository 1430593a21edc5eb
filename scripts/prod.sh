#!/usr/bin/env bash
# Production start (docs/production.md): migrate, collect static files, start N task workers, then
# gunicorn in the foreground. Settings come from the environment or from deploy/production.env.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -f deploy/production.env ]; then set -a; . deploy/production.env; set +a; fi
export DJANGO_DEBUG="${DJANGO_DEBUG:-0}" DJANGO_LOG_FORMAT="${DJANGO_LOG_FORMAT:-json}"
: "${DJANGO_SECRET_KEY:?set DJANGO_SECRET_KEY (deploy/production.env)}"
: "${DATABASE_URL:?set DATABASE_URL to the PostgreSQL database (deploy/production.env)}"
PY=.venv/bin/python
WORKERS="${MUTUALIS_TASK_WORKERS:-2}"
$PY manage.py migrate --noinput
$PY manage.py collectstatic --noinput -v 0
$PY manage.py compilemessages --ignore=.venv -v 0 || true
PIDS=()
# The database queue by default; MUTUALIS_TASKS_BACKEND=rq: the Redis queue (MUTUALIS_REDIS_URL).
WORKER=(manage.py db_worker --no-reload)
if [ "${MUTUALIS_TASKS_BACKEND:-database}" = rq ]; then WORKER=(manage.py rqworker); fi
for _ in $(seq "$WORKERS"); do
  $PY "${WORKER[@]}" &
  PIDS+=("$!")
done
trap 'kill "${PIDS[@]}" 2>/dev/null || true' EXIT INT TERM
.venv/bin/gunicorn -c deploy/gunicorn.conf.py
