"""A known data set for the weekly figures, worked out by hand:

保家镇 (township scope): P1 normal/full/consolidate, complete · P2 halted/revitalise with
measures, complete · P3 terminated/rebuild, no measures, insufficient linkage · P4
difficulty, no class, insufficient linkage · P6 managed by 县农业农村委, complete.
→ total 5, complete 3, classified 4, revitalise+rebuild 2 (1 with measures),
halted 2 (40.00%), difficulty 1 (20.00%), linkage failure 2 (40.00%).
县农业农村委: P6 only → total 1, all rates 0. 汉葭街道: P5 only.
"""

from datetime import date

import pytest

MONDAY = date(2026, 11, 16)


@pytest.fixture
def dataset(make_project, places):
    p = {}
    p[1] = make_project(number="W1")
    p[2] = make_project(
        number="W2",
        production_status="halted",
        reason_funds=True,
        classification="revitalise",
        measures="盘活方案已制定",
    )
    p[3] = make_project(
        number="W3",
        production_status="terminated",
        reason_management=True,
        classification="rebuild",
        rebuild_cannot_continue=True,
        measures="",
        linkage="insufficient",
        linkage_no_jobs=True,
    )
    p[4] = make_project(
        number="W4",
        production_status="difficulty",
        reason_price=True,
        classification="",
        linkage="insufficient",
        linkage_no_income=True,
    )
    p[5] = make_project(
        number="W5",
        township=places["hanjia"],
        village=None,
        managing_level="township",
        managing_unit=places["hanjia_unit"],
    )
    p[6] = make_project(number="W6", village=None, managing_level="department", managing_unit=places["agri"])
    return p
