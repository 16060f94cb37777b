"""The summary of a locust run, read from the CSV files the locustfile writes when every user
has stopped (loadtest/results.py, in the format of locust's `--csv PREFIX` files):
throughput, the 50th/95th/99th percentiles per request type and overall, the errors; and,
for the peak scenario, the check that every submission locust saw succeed is in the
database."""

import csv
from dataclasses import dataclass
from pathlib import Path

AGGREGATED = "Aggregated"


@dataclass(frozen=True)
class Row:
    method: str
    name: str
    requests: int
    failures: int
    per_second: float
    p50: int | None
    p95: int | None
    p99: int | None
    max_ms: int | None

    @property
    def successes(self) -> int:
        return self.requests - self.failures


def _ms(value: str) -> int | None:
    """A percentile cell: locust writes "N/A" for a request type with no sample."""
    try:
        return round(float(value))
    except ValueError:
        return None


def read_stats(path: Path) -> list[Row]:
    """The rows of PREFIX_stats.csv, the overall one (Aggregated) last."""
    with path.open(newline="", encoding="utf-8") as f:
        return [
            Row(
                method=r["Type"],
                name=r["Name"],
                requests=int(r["Request Count"]),
                failures=int(r["Failure Count"]),
                per_second=float(r["Requests/s"]),
                p50=_ms(r["50%"]),
                p95=_ms(r["95%"]),
                p99=_ms(r["99%"]),
                max_ms=_ms(r["Max Response Time"]),
            )
            for r in csv.DictReader(f)
        ]


def read_failures(path: Path) -> list[tuple[str, str, int]]:
    """(request name, error, occurrences) from PREFIX_failures.csv, most frequent first."""
    if not path.exists():
        return []
    with path.open(newline="", encoding="utf-8") as f:
        rows = [(r["Name"], r["Error"], int(r["Occurrences"])) for r in csv.DictReader(f)]
    return sorted(rows, key=lambda r: -r[2])


def overall(rows: list[Row]) -> Row | None:
    return next((r for r in rows if r.name == AGGREGATED), None)


def row_named(rows: list[Row], name: str) -> Row | None:
    return next((r for r in rows if r.name == name and r.name != AGGREGATED), None)


def _cell(ms: int | None) -> str:
    return "-" if ms is None else str(ms)


def format_table(rows: list[Row]) -> str:
    """One line per request type and the overall line: requests, failures, requests/s, p50,
    p95, p99 and max in milliseconds."""
    header = f"{'request':<28} {'reqs':>7} {'fails':>6} {'req/s':>7} {'p50':>7} {'p95':>7} {'p99':>7} {'max':>7}"
    lines = [header, "-" * len(header)]
    ordered = [r for r in rows if r.name != AGGREGATED] + [r for r in rows if r.name == AGGREGATED]
    for r in ordered:
        label = "overall" if r.name == AGGREGATED else r.name
        lines.append(
            f"{label[:28]:<28} {r.requests:>7} {r.failures:>6} {r.per_second:>7.2f} "
            f"{_cell(r.p50):>7} {_cell(r.p95):>7} {_cell(r.p99):>7} {_cell(r.max_ms):>7}"
        )
    return "\n".join(lines)


@dataclass(frozen=True)
class SubmissionCheck:
    """The weekly submissions: what locust saw taken against what the database holds.

    Every submission locust saw taken must be a version in the database (none lost). A
    submission the server took but locust did not count as taken (its answer failed, or its
    user was stopped by force at the stop time-out while the post was on the way) is in the
    database too, so the versions may exceed the successes, but never the forms opened: each
    submission opens the form first, and that is recorded before the post is sent. The counts
    are locust's once every user has stopped (loadtest/results.py); its periodic --csv files
    miss the run's last second, the end of the stop included (D139)."""

    succeeded: int  # submissions locust counted as taken
    opened: int  # weekly forms opened by the users who submit
    versions_added: int  # WeeklyReportVersion rows of the week added during the run
    reports_after: int  # WeeklyReport rows of the week after the run (one per unit)
    units_submitting: int  # the units whose users submitted

    @property
    def lost(self) -> int:
        return max(self.succeeded - self.versions_added, 0)

    @property
    def unanswered(self) -> int:
        """Taken by the server, not counted as taken by locust (a failed answer, or a post cut
        off at the stop time-out)."""
        return max(self.versions_added - self.succeeded, 0)

    @property
    def ok(self) -> bool:
        return self.lost == 0 and self.versions_added <= self.opened and self.reports_after <= self.units_submitting

    def lines(self) -> list[str]:
        if self.ok:
            verdict = "no submission lost"
            if self.unanswered:
                verdict += f" ({self.unanswered} taken by the server but not counted as taken by locust)"
        elif self.lost:
            verdict = f"MISMATCH: {self.lost} submissions taken but not in the database"
        else:
            verdict = "MISMATCH: more versions or reports than submissions could make"
        return [
            f"submissions locust counted as taken: {self.succeeded} (weekly forms opened: {self.opened})",
            f"weekly report versions added in the database: {self.versions_added}",
            f"weekly reports of the week: {self.reports_after} (units submitting: {self.units_submitting})",
            verdict,
        ]
