"""gunicorn settings of the production server (docs/production.md). Every value can be overridden by
the environment: MUTUALIS_BIND, MUTUALIS_WEB_WORKERS, MUTUALIS_WEB_THREADS, MUTUALIS_WEB_TIMEOUT."""

import os

wsgi_app = "config.wsgi:application"
bind = os.environ.get("MUTUALIS_BIND", "127.0.0.1:8000")
# The pages are CPU-bound, not database-bound (docs/benchmarks.md, "Web load": 10–60 ms of Python a
# page for 5–23 small queries): one process per core plus one to cover the database waits,
# and one thread each: a second thread only shares its process's GIL, and gunicorn hands requests to
# whichever process accepts first, so two could crawl in one process while a core sat idle (measured
# back to back at 50 users: p95 of the home page 180 -> 130 ms, planning week 220 -> 170 ms). The
# gthread worker stays: it keeps idle keep-alive connections off the busy thread.
workers = int(os.environ.get("MUTUALIS_WEB_WORKERS", str((os.cpu_count() or 1) + 1)))
threads = int(os.environ.get("MUTUALIS_WEB_THREADS", "1"))
worker_class = "gthread"
timeout = int(os.environ.get("MUTUALIS_WEB_TIMEOUT", "60"))
graceful_timeout = 30
max_requests = 2000  # recycle a worker now and then (memory of big exports)
max_requests_jitter = 200
accesslog = "-"
errorlog = "-"
# One JSON object a line, like the application's logs (DJANGO_LOG_FORMAT=json).
access_log_format = (
    '{"time": "%(t)s", "logger": "gunicorn.access", "method": "%(m)s", "path": "%(U)s", '
    '"status": %(s)s, "bytes": "%(B)s", "ms": %(M)s, "client": "%(h)s"}'
)
# Behind a reverse proxy: trust its X-Forwarded-* headers (same list as MUTUALIS_TRUSTED_PROXIES).
forwarded_allow_ips = os.environ.get("MUTUALIS_TRUSTED_PROXIES", "127.0.0.1")
