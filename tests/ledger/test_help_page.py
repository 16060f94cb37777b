"""The help page (填写说明): each role's steps with the notice's clause, the user's own first."""

import re

import pytest
from django.urls import reverse

from ledger.choices import Role
from ledger.help import HELP


def sections(html: str) -> list[str]:
    return re.findall(r'<section class="card mb-3" id="role-([a-z]+)">', html)


@pytest.mark.parametrize(
    "name, role",
    [
        ("vera", Role.VILLAGE),
        ("alice", Role.TOWNSHIP),
        ("dora", Role.DEPARTMENT),
        ("rita", Role.REVIEWER),
        ("carl", Role.BUREAU),
        ("olga", Role.OFFICE),
        ("admin", Role.BUREAU),
    ],
)
def test_each_role_sees_its_own_steps_first_with_their_clauses(client, personas, name, role):
    client.force_login(personas[name])
    html = client.get(reverse("help")).content.decode()
    assert sections(html)[0] == role.value
    assert set(sections(html)) == {r.value for r in HELP}
    own = html.split(f'id="role-{role.value}"')[1].split("</section>")[0]
    assert "本角色" in own
    for step in HELP[role]:
        assert f'id="step-{step.key}"' in own and step.title in own
        assert f'<span class="badge text-bg-light border clause">{step.clause}</span>' in own


def test_the_steps_cite_the_notices_clauses(client, personas):
    client.force_login(personas["alice"])
    html = client.get(reverse("help")).content.decode()
    for clause in ("十一", "十二", "十三、附件1、附件2、附件4", "十四、十九", "十五、二十", "二十二", "二十三、附件6"):
        assert f'clause">{clause}</span>' in html
    township = html.split('id="role-township"')[1].split("</section>")[0]
    assert township.index("接收推送的项目") < township.index("实地调研") < township.index("党组（委）会研究")


def test_the_confined_administrators_see_no_help_page(client, security):
    client.force_login(security)
    assert client.get(reverse("help")).status_code in (403, 302)
