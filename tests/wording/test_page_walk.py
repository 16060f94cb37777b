"""Every page of every role, read for Django's default phrases and for messages that are not
in Chinese: each GET of the URL conf (the plain URLs, and every object URL with the objects
of tests/test_url_scope_matrix.py), then each form submitted empty, the messages it leaves
read on the page it leads to."""

import re
from dataclasses import dataclass
from urllib.parse import unquote

import pytest
from django.urls import reverse

from tests.test_url_scope_matrix import REGISTRY, object_patterns, plain_patterns, worlds  # noqa: F401 (a fixture)
from tests.wording.page_text import (
    CJK,
    ascii_messages,
    default_phrases,
    half_width_punctuation,
    unmarked_required,
)

ROLES = ("alice", "bob", "vera", "dora", "dan", "carl", "olga", "rita", "admin", "security", "auditor")
# each unit's persona opens its own world's objects; the county's roles the first
OWN_WORLD = {"bob": "hanjia"}
# not walked: leaving the session, and the admin site (Django's own, for staff)
SKIPPED = {"logout", "admin"}


@dataclass(frozen=True)
class Page:
    name: str
    kwargs: dict


def plain_pages() -> list[Page]:
    names = dict.fromkeys(f.name for f in plain_patterns() if f.name not in SKIPPED)
    return [Page(name, {}) for name in names]


def object_pages(world) -> list[Page]:
    pages = []
    for f in object_patterns():
        entry = REGISTRY.get(f.name)
        if f.admin or entry is None:
            continue
        pages += [Page(f.name, kwargs) for kwargs in entry.objects(world)]
    return pages


def download_name(response) -> str | None:
    """The file name a download is saved under: the UTF-8 filename* of its Content-Disposition."""
    header = response.get("Content-Disposition")
    if header is None:
        return None
    match = re.search(r"filename\*=utf-8''([^;]+)", header)
    return unquote(match.group(1)) if match else header


def read(response, where: str, problems: list[str], downloads: dict[str, str] | None = None) -> None:
    assert response.status_code < 500, f"{where} → {response.status_code}"
    name = download_name(response)
    if name is not None:
        if downloads is not None:
            downloads[where] = name
        if not CJK.search(name):
            problems.append(f"{where}: file name not in Chinese: {name}")
    if "text/html" not in response.get("Content-Type", ""):
        return
    page = response.content.decode()
    problems += [f"{where}: {p}" for p in default_phrases(page)]
    problems += [f"{where}: ASCII message “{m}”" for m in ascii_messages(page)]
    problems += [f"{where}: half-width punctuation in “{m}”" for m in half_width_punctuation(page)]
    problems += [f"{where}: required without its mark: {m}" for m in unmarked_required(page)]


@pytest.fixture
def everyone(personas, security, auditor):
    return {**personas, "security": security, "auditor": auditor}


@pytest.fixture
def walked_worlds(worlds):  # noqa: F811
    """The scope matrix's objects, its import batch given a file with a table to preview
    (a stored file without one answers 500 on its page: reported, not this walk's subject)."""
    from django.core.files.base import ContentFile

    batch = worlds["baojia"].batch
    batch.file.save("n.csv", ContentFile("项目名称,项目编号\n某项目,5002432020000001\n".encode()))
    return worlds


def test_no_page_of_any_role_shows_a_default_phrase(client, everyone, walked_worlds):
    problems: list[str] = []
    downloads: dict[str, str] = {}
    walked = 0
    for who in ROLES:
        client.force_login(everyone[who])
        pages = plain_pages() + object_pages(walked_worlds[OWN_WORLD.get(who, "baojia")])
        for page in pages:
            url = reverse(page.name, kwargs=page.kwargs)
            read(client.get(url), f"{who} GET {url}", problems, downloads)
            walked += 1
        read(client.get("/no-such-page/"), f"{who} GET /no-such-page/", problems)
    assert walked > 700
    assert not problems, "\n".join(problems)
    # every kind of download was among them, each under a Chinese name
    names = set(downloads.values())
    for expected in ("周调度_全县_", "会议纪要_县领导小组会议_", "盖章页_", "公示张贴照片_", "审计记录_", "管理台账"):
        assert any(n.startswith(expected) or expected in n for n in names), (expected, sorted(names)[:20])


def test_no_form_submitted_empty_answers_with_a_default_phrase(client, everyone, walked_worlds):
    problems: list[str] = []
    posted = 0
    for who in ROLES:
        client.force_login(everyone[who])
        for page in plain_pages() + object_pages(walked_worlds[OWN_WORLD.get(who, "baojia")]):
            url = reverse(page.name, kwargs=page.kwargs)
            response = client.post(url, {}, follow=True)
            if response.status_code == 405:
                continue
            read(response, f"{who} POST {url}", problems)
            posted += 1
    assert posted > 300
    assert not problems, "\n".join(problems)


def test_the_reader_finds_a_planted_default_phrase_and_an_english_message():
    page = (
        '<nav>首页</nav><div class="alert alert-danger" role="alert">Saved.</div>'
        '<div class="alert alert-success" role="alert">已保存。</div>'
        '<span class="invalid-feedback"><strong>确保该变量包含不超过 200 字符</strong></span>'
        "<p>拟追偿 None元</p><script>var x = None;</script><p>Nonexistent</p>"
    )
    found = default_phrases(page)
    assert found[0] == "确保该" and len(found) == 2 and "拟追偿 None元" in found[1]
    assert ascii_messages(page) == ["Saved."]
    assert default_phrases("<p>此项必填。</p>") == [] and ascii_messages('<div role="alert">已保存。</div>') == []


def test_the_reader_finds_a_required_field_without_its_mark():
    marked = '<label for="id_a">名称<span class="asteriskField">*</span></label><input id="id_a" required>'
    bare = '<label for="id_b" class="form-label">名称</label><input type="text" id="id_b" required>'
    group = '<legend>运营模式</legend><input type="radio" id="id_c_0" name="c" required>'
    assert unmarked_required(marked) == []
    assert unmarked_required(bare) == ["id_b"] and unmarked_required(group) == ["id_c_0"]
