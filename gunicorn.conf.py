"""gunicorn's settings in production (README, "Running in production") and in the load test
(`manage.py loadtest`, docs/loadtest.md): one file, so the load test measures the server as
it runs. gunicorn reads it from the working directory; the command line may still add
--bind. The environment variables below exist for trying another configuration, not for
production, which keeps the defaults."""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# sync workers, one request each: the pages are CPU-bound (Python rendering), so more workers
# than cores only queue requests inside the machine.
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
worker_class = "gthread" if threads > 1 else "sync"
# No page should come near it (the long work runs on the background queue); a stuck worker
# does not live forever. nginx waits a little longer than this.
timeout = 120
graceful_timeout = 30
