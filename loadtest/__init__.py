"""The load test: the locustfile (locustfile.py), what it reads from the pages (pages.py) and
the summary of a run (summary.py). `manage.py loadtest` seeds, serves and runs it; see
docs/loadtest.md. Nothing here is imported by the running application."""
