"""The form page hands its script the rules the server checks with (ProjectForm.page_rules),
so static/pengshui/project_form.js repeats none of them."""

import json
import re

from ledger.choices import INVESTMENT_FIELDS


def test_the_page_gives_its_script_the_totals_and_the_reason_statuses(client, personas):
    client.force_login(personas["alice"])
    html = client.get("/projects/new/").content.decode()
    match = re.search(r'<script id="form-rules" type="application/json">(.*?)</script>', html, re.S)
    assert match
    rules = json.loads(match.group(1))
    assert rules["totals"] == {
        "fund1_total": ["fund1_central", "fund1_municipal", "fund1_county"],
        "fund2_total": ["fund2_central", "fund2_municipal", "fund2_county"],
        "fund3_total": ["fund3_central", "fund3_municipal", "fund3_county"],
        "investment_total": INVESTMENT_FIELDS,
    }
    assert rules["production_reasons_for"] == ["difficulty", "halted", "terminated"]
    assert rules["linkage_reasons_for"] == ["insufficient"]
