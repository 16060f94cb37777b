"""Every page without an id in its address, opened with nonsense in every query parameter the
views read, answers without a 500 (the issue's `/projects/?per_page=-5`, and its kind)."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

NONSENSE = {
    "page": "-1",
    "per_page": "-5",
    "sort": "no_such_column",
    "date": "2026-13-45",
    "month": "x",
    "year": "abc",
    "week": "zz",
    "township": "abc",
    "village": "-1",
    "department": "1e9",
    "unit": "99999999999999999999",
    "status": "<b>",
    "kind": "nope",
    "classification": "nope",
    "q": "%",
    "next": "//evil.example/",
}
SKIP_PREFIXES = ("admin/", "accounts/logout/", "healthz")


def plain_urls(patterns=None, prefix=""):
    """The addresses of the site's pages that take no parameter."""
    for p in patterns if patterns is not None else get_resolver().url_patterns:
        route = prefix + str(p.pattern)
        if isinstance(p, URLResolver):
            yield from plain_urls(p.url_patterns, route)
        elif isinstance(p, URLPattern) and "<" not in route and not route.startswith(SKIP_PREFIXES):
            yield "/" + route.lstrip("^").rstrip("$")


def test_the_walk_finds_the_pages():
    urls = set(plain_urls())
    assert {"/", "/projects/", "/pushes/waiting/", "/weekly/", "/exports/", "/approvals/"} <= urls


@pytest.mark.parametrize("who", ["alice", "vera", "carl", "olga"])
def test_nonsense_in_the_query_is_never_a_500(client, personas, make_project, who):
    make_project()
    client.raise_request_exception = False
    client.force_login(personas[who])
    failed = []
    for url in sorted(set(plain_urls())):
        response = client.get(url, NONSENSE)
        if response.status_code >= 500:
            failed.append((url, response.status_code))
    assert not failed, failed
