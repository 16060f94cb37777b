"""The run's figures as they stand once every simulated user has stopped, written by the
locust process (loadtest/locustfile.py) in the format of locust's own CSV files, which
loadtest/summary.py reads.

locust's `--csv` files are not that: a greenlet rewrites them once a second while the run
goes on, and nothing rewrites them at the end, so the requests finished in the last second
of the run, which includes the end of the stop (each user finishing the action in hand),
are missing from them. A weekly form opened and submitted then is a version in the
database but in neither count, and the submission check (versions ≤ forms opened) fails
(D139)."""

import csv

from locust.env import Environment
from locust.stats import PERCENTILES_TO_REPORT, StatsCSV


def write_final_csv(environment: Environment, prefix: str) -> None:
    """PREFIX_stats.csv (per request type and overall) and PREFIX_failures.csv, from the
    run's statistics in memory: every request locust recorded."""
    writer = StatsCSV(environment, PERCENTILES_TO_REPORT)
    for suffix, write in (("stats", writer.requests_csv), ("failures", writer.failures_csv)):
        with open(f"{prefix}_{suffix}.csv", "w", newline="", encoding="utf-8") as f:
            write(csv.writer(f))
