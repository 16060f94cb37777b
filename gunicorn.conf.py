"""gunicorn's settings in production (README, "Running in production") and in the load test
(`manage.py loadtest`, docs/loadtest.md): one file, so the load test measures the server as
it runs. gunicorn reads it with `-c gunicorn.conf.py`. The environment variables below exist
for trying another configuration, not for production, which keeps the defaults."""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# One worker process per core, four threads each (gthread), D132: a page spends part of its
# time waiting for PostgreSQL, when another thread of the process can run; a long download
# holds one thread, not a whole worker. In the load test (2 cores, 40,000 projects, 50 users)
# this served 1.5 times the requests of 3 or 5 sync workers, with no error.
workers = int(os.environ.get("GUNICORN_WORKERS", str(os.cpu_count() or 2)))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
worker_class = "gthread" if threads > 1 else "sync"
# No page should come near it (the long work runs on the background queue). With threads it
# ends a worker whose main loop stops answering; a request that runs long holds its thread
# until it ends, and nginx (proxy_read_timeout 130s) answers the browser first.
timeout = 120
graceful_timeout = 30
