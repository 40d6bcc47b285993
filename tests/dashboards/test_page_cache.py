"""The page cache keeps one entry per page a visitor can ask for: junk parameters add none.

With REDIS_URL set the entries are counted in the real Redis database of the cache.
"""

import pytest
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.http import QueryDict
from django.test import override_settings

from dashboards.addresses import Understood
from tests.cache_helpers import cache_entries

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_indicators")]

OVERVIEW = Understood(reads=("programme", "region", "area", "grade"))
COMPARE = Understood(reads=("forces", "programme"), lists=("forces",), submitted=True)
PAGES = [
    "/dashboards/?programme=ncpi",
    "/forces/gloucestershire/",
    "/compare/?forces=cleveland,gloucestershire",
    "/areas/leadership/",
    "/about-the-data/",
]


def _junk(n: int) -> str:
    """A distinct address of one of the pages, with parameters the page does not read."""
    page = PAGES[n % len(PAGES)]
    glue = "&" if "?" in page else "?"
    return page + glue + ("utm_source=x&fbclid=", "ref=", "Programme=", "sort")[n % 4] + str(n)


def test_a_thousand_requests_with_junk_parameters_add_no_cache_entry(client):
    canonical = {page: client.get(page).content for page in PAGES}
    before = cache_entries()
    assert before >= len(PAGES)

    for n in range(1000):
        response = client.get(_junk(n))
        assert response.status_code == 200, _junk(n)

    assert cache_entries() == before
    # Each answered the page its known parameters name, with no trace of the junk.
    for n in range(len(PAGES)):
        assert client.get(_junk(n)).content == canonical[PAGES[n]]
    assert b"utm_source" not in client.get("/dashboards/?utm_source=mail").content


def test_addresses_of_the_same_page_share_one_entry(client):
    spellings = [
        "/dashboards/?grade=good&region=",
        "/dashboards/?region=&grade=good&order=desc",
        "/dashboards/?grade=adequate&grade=good",  # the last value counts, as the form reads it
    ]
    first = client.get(spellings[0]).content
    before = cache_entries()
    assert [client.get(url).content for url in spellings[1:]] == [first, first]
    compare = ["/compare/?forces=kent&forces=cleveland", "/compare/?forces=cleveland,kent,kent"]
    assert client.get(compare[0]).content == client.get(compare[1]).content
    assert cache_entries() == before + 1


def test_junk_values_are_treated_as_the_page_treats_them_and_kept_nowhere(client):
    client.get("/dashboards/")
    before = cache_entries()
    for n in range(20):
        assert client.get(f"/dashboards/?grade=superb{n}").status_code == 400
        assert client.get(f"/dashboards/?download=nothing{n}").status_code == 404
        assert client.get(f"/dashboards/?sort=grades.nonsense{n}").status_code == 200
        assert client.get(f"/areas/leadership/?programme=nowhere{n}").status_code == 404
    assert cache_entries() == before


def test_a_sorted_table_is_rendered_afresh_and_not_kept(client, django_assert_max_num_queries):
    client.get("/dashboards/")
    before = cache_entries()
    with django_assert_max_num_queries(15) as sorted_page:
        response = client.get("/dashboards/?sort=grades.force&order=desc&utm_x=1")
    assert sorted_page.captured_queries
    assert 'aria-sort="descending"' in response.text
    assert "utm_x" not in response.text
    assert cache_entries() == before


def test_signed_in_visitors_pages_are_never_kept(client, inspector):
    client.force_login(inspector)
    client.get("/dashboards/")
    client.get("/forces/gloucestershire/")
    assert not [key for key in _keys() if "page:" in key]


def _keys() -> list[str]:
    cache = caches["default"]
    if isinstance(cache, RedisCache):
        return [key.decode() for key in cache._cache.get_client().keys("*")]
    return list(cache._cache)


@pytest.mark.parametrize(
    ("understood", "query", "canonical"),
    [
        (OVERVIEW, "utm_source=a&grade=good&programme=ncpi", "grade=good&programme=ncpi"),
        (OVERVIEW, "programme=&region=&area=&grade=", ""),
        (OVERVIEW, "grade=Good", "grade=Good"),  # refused by the page: kept, to be refused
        (OVERVIEW, "order=desc", ""),
        (OVERVIEW, "sort=grades.force&order=asc", "sort=grades.force"),
        (OVERVIEW, "sort=grades.force&order=desc", "order=desc&sort=grades.force"),
        (OVERVIEW, "download=grades&sort=grades.force&order=desc", "download=grades"),
        (COMPARE, "forces=kent&forces=cleveland, kent&x=1", "forces=cleveland%2Ckent"),
        (COMPARE, "forces=", "forces="),  # a sent form with no force: the page says so
        (Understood(tables=False), "download=grades&sort=a.b", ""),
    ],
)
def test_the_canonical_query_keeps_what_the_page_reads_in_one_spelling(
    understood, query, canonical
):
    assert understood.canonical(QueryDict(query)).urlencode() == canonical


@override_settings(
    CACHES={
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
        }
    }
)
def test_with_the_cache_unreachable_a_page_is_rendered_after_one_try(client, caplog):
    response = client.get("/dashboards/")
    assert response.status_code == 200
    tries = [r for r in caplog.records if r.getMessage().startswith("Dashboard cache unavailable")]
    assert len(tries) == 1
