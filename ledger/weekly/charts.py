"""Charts drawn on the server as inline SVG (no script, no external library): the three
rates week by week, and projects by class by township."""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from ledger.access import county_q, sees_county_weekly
from ledger.choices import Classification, UnitKind
from ledger.models import Division
from ledger.models.weekly import WeeklyReport
from ledger.selectors import breakdown
from ledger.weekly.figures import RATES, rate, surveyed_of

COLOURS = ["#d9534f", "#f0ad4e", "#0275d8", "#5cb85c", "#6f42c1", "#adb5bd"]
CLASS_COLOURS = ["#5cb85c", "#0275d8", "#f0ad4e", "#d9534f", "#adb5bd"]  # 巩固 提升 盘活 重建 未认定


def _svg(width: int, height: int, title: str, body: list[str]) -> SafeString:
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-label="{escape(title)}" font-size="11" font-family="sans-serif"><title>{escape(title)}</title>'
        + "".join(body)
        + "</svg>"
    )


def _legend(names: list[str], x: int, y: int, colours: list[str] = COLOURS) -> list[str]:
    out = []
    for i, name in enumerate(names):
        out.append(
            f'<rect x="{x + i * 130}" y="{y - 9}" width="10" height="10" fill="{colours[i % len(colours)]}"/>'
            f'<text x="{x + i * 130 + 14}" y="{y}">{escape(name)}</text>'
        )
    return out


def line_chart(title: str, x_labels: list[str], series: dict[str, list[float]], unit: str = "%") -> SafeString:
    """One line per series over the x labels; the y axis from 0 to the largest value."""
    width, height, left, right, top, bottom = 640, 260, 44, 16, 30, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    top_value = max([v for values in series.values() for v in values] + [1.0])
    top_value = float(int(top_value / 10) + 1) * 10 if top_value > 10 else 10.0
    body = _legend(list(series), left, 14)
    for i in range(6):
        y = top + plot_h - plot_h * i / 5
        body.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="#e9ecef"/>'
            f'<text x="{left - 4}" y="{y + 4:.1f}" text-anchor="end">{top_value * i / 5:g}{unit}</text>'
        )
    n = len(x_labels)
    step = plot_w / max(n - 1, 1)
    for i, label in enumerate(x_labels):
        body.append(
            f'<text x="{left + i * step:.1f}" y="{height - bottom + 16}" text-anchor="middle">{escape(label)}</text>'
        )
    if not n:
        body.append(
            f'<text x="{width / 2}" y="{height / 2}" text-anchor="middle" fill="#6c757d">暂无已报送的周调度</text>'
        )
    for s, (name, values) in enumerate(series.items()):
        points = [(left + i * step, top + plot_h - plot_h * v / top_value) for i, v in enumerate(values)]
        colour = COLOURS[s % len(COLOURS)]
        if len(points) > 1:
            body.append(
                f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="'
                + " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
                + '"/>'
            )
        for (x, y), v in zip(points, values, strict=False):
            body.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}"><title>{escape(name)} {v:g}{unit}'
                f"</title></circle>"
            )
    return _svg(width, height, title, body)


def stacked_bar_chart(
    title: str, categories: list[str], stacks: dict[str, list[int]], colours: list[str] = COLOURS
) -> SafeString:
    """One bar per category, its stacks on top of each other."""
    width, left, right, top, bottom = 640, 44, 16, 30, 90
    height = 300
    plot_w, plot_h = width - left - right, height - top - bottom
    totals = [sum(values[i] for values in stacks.values()) for i in range(len(categories))]
    top_value = -(-max([*totals, 1]) // 4) * 4  # whole-number gridlines
    body = _legend(list(stacks), left, 14, colours)
    for i in range(5):
        y = top + plot_h - plot_h * i / 4
        body.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="#e9ecef"/>'
            f'<text x="{left - 4}" y="{y + 4:.1f}" text-anchor="end">{top_value * i // 4}</text>'
        )
    slot = plot_w / max(len(categories), 1)
    bar = max(slot * 0.7, 1)
    for i, category in enumerate(categories):
        x = left + i * slot + (slot - bar) / 2
        y = top + plot_h
        for s, (name, values) in enumerate(stacks.items()):
            h = plot_h * values[i] / top_value
            if h:
                y -= h
                body.append(
                    f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" '
                    f'fill="{colours[s % len(colours)]}"><title>{escape(category)} {escape(name)} {values[i]}'
                    f"</title></rect>"
                )
        cx = x + bar / 2
        body.append(
            f'<text x="{cx:.1f}" y="{top + plot_h + 10}" transform="rotate(60 {cx:.1f} {top + plot_h + 10})"'
            f">{escape(category)}</text>"
        )
    return _svg(width, height, title, body)


def rate_history(reports) -> tuple[list[str], dict[str, list[float]]]:
    """The three rates per week from submitted reports (summing the units' counts for the
    county: township reports only, as every project lies in one township)."""
    weeks: dict = {}
    for r in reports:
        week = weeks.setdefault(r.week_start, {"total": 0, **{k: 0 for k, _ in RATES}})
        week["total"] += surveyed_of(r.figures)  # the rates count surveyed projects only
        for key, _ in RATES:
            week[key] += r.figures.get(key, 0)
    ordered = sorted(weeks)
    return (
        [w.strftime("%m-%d") for w in ordered],
        {label: [float(rate(weeks[w][key], weeks[w]["total"])) for w in ordered] for key, label in RATES},
    )


def home_charts(user, projects, weeks: int = 12, groups: list[dict] | None = None) -> dict:
    """Context for templates/ledger/weekly/home_charts.html (two queries; three when the
    groups of ledger.selectors.breakdown are not given, as the home page gives them)."""
    reports = WeeklyReport.objects.order_by("-week_start")
    if sees_county_weekly(user):
        reports = reports.filter(county_q(user, "unit__county_id"), unit__kind=UnitKind.TOWNSHIP)
    else:
        reports = reports.filter(unit_id=user.unit_id)
    recent = list(reports.only("week_start", "figures")[: weeks * 50])
    recent_weeks = sorted({r.week_start for r in recent})[-weeks:]
    x_labels, series = rate_history([r for r in recent if r.week_start in recent_weeks])
    rows = breakdown(projects) if groups is None else groups
    by_township: dict[int, dict[str, int]] = {}
    for row in rows:
        counts = by_township.setdefault(row["township_id"], {})
        counts[row["classification"]] = counts.get(row["classification"], 0) + row["n"]
    names = Division.objects.filter(pk__in=by_township).order_by("code").values_list("pk", "name")
    townships = {name: by_township[pk] for pk, name in names}
    classes = [(c.value, c.label) for c in Classification] + [("", "未认定")]
    stacks = {label: [counts.get(value, 0) for counts in townships.values()] for value, label in classes}
    return {
        "rates_chart": line_chart("三率走势（按周）", x_labels, series),
        "class_chart": stacked_bar_chart("各乡镇(街道)项目分类", list(townships), stacks, CLASS_COLOURS),
    }
