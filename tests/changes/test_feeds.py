"""The Atom feeds: each lists its own public events, newest first, as valid Atom, to anyone
whoever asks, and the pages they follow link them."""

import datetime
from html import unescape

import feedparser
import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from lxml import etree, html

from changes.feeds import ENTRIES
from changes.models import ChangeEvent
from inspections import roles
from inspections.models import ForceMembership, Inspection
from inspections.services import publish_inspection, record_addition
from tests.factories import (
    FindingFactory,
    ForceFactory,
    InspectionFactory,
    JudgmentFactory,
    UserFactory,
    area,
    grade,
    peel,
)

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SCHEMA = etree.RelaxNG(etree.parse(str(settings.BASE_DIR / "tests" / "data" / "atom.rng")))
SECRET = "Words of a draft for the factual-accuracy check"
SITE = "https://inspections.example.org"


@pytest.fixture(autouse=True)
def empty_log(db, settings):
    """Only this test's events, and a site address that is not the test client's host."""
    settings.SITE_URL = SITE
    ChangeEvent.objects.all().delete()


def _cause(inspection: Inspection, title: str, area_slug: str = "leadership") -> ChangeEvent:
    """A cause of concern added by hand, recorded as the admin records it."""
    finding = FindingFactory(
        inspection=inspection, title=title, area=area(area_slug, inspection.programme)
    )
    with transaction.atomic():
        record_addition(obj=finding)
    return ChangeEvent.objects.latest("pk")


def _feed(client, url: str) -> feedparser.FeedParserDict:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    return feedparser.parse(response.content)


def _titles(client, url: str) -> list[str]:
    return [entry.title for entry in _feed(client, url).entries]


@pytest.fixture
def world():
    """Force A's published NCPI and PEEL inspections and force B's NCPI one, each with a public
    event; a private one on force A's draft and its embargo (publication set for later)."""
    force_a, force_b = ForceFactory(name="Force A"), ForceFactory(name="Force B")
    ncpi_a = InspectionFactory(force=force_a)
    peel_a = InspectionFactory(force=force_a, programme=peel())
    ncpi_b = InspectionFactory(force=force_b)
    draft = InspectionFactory(
        force=force_a, status=Inspection.Status.DRAFT, published=datetime.date(2026, 6, 3)
    )
    events = {
        "a leadership": _cause(ncpi_a, "Leaders do not know", "leadership"),
        "a investigation": _cause(ncpi_a, "Cases drift", "investigation"),
        "a peel": _cause(peel_a, "Calls go unanswered", "investigating_crime"),
        "b leadership": _cause(ncpi_b, "Partners are not told", "leadership"),
    }
    _cause(draft, SECRET, "leadership")
    with transaction.atomic():
        publish_inspection(inspection=draft, at=timezone.now() + datetime.timedelta(days=2))
    assert ChangeEvent.objects.exclude(visibility="public").count() == 2
    return {"force_a": force_a, "force_b": force_b, "events": events}


FEEDS = {
    "changes:feed": ((), None, {"a leadership", "a investigation", "a peel", "b leadership"}),
    "changes:force_feed": (("force_a",), None, {"a leadership", "a investigation", "a peel"}),
    "changes:programme_feed": (
        (),
        "ncpi",
        {"a leadership", "a investigation", "b leadership"},
    ),
    "changes:area_feed": ((), "leadership", {"a leadership", "b leadership"}),
}


def _url(world, name: str) -> str:
    objects, slug, _ = FEEDS[name]
    args = [world[o].slug for o in objects] + ([slug] if slug else [])
    return reverse(name, args=args)


@pytest.mark.parametrize("name", FEEDS)
def test_each_feed_lists_the_public_events_of_what_it_follows(client, world, name):
    feed = _feed(client, _url(world, name))
    expected = FEEDS[name][2]
    summaries = sorted(entry.summary for entry in feed.entries)
    assert summaries == sorted(_summary(world["events"][n]) for n in expected)


def _summary(event) -> str:
    """A published report's change names the report and when it came out."""
    report = f"{event.programme.name} report published {event.inspection.published_label()}"
    return f"{report}: {event.after['title']}"


def _as(client, who: str, world) -> None:
    if who == "anonymous":
        return
    if who == "admin":
        client.force_login(UserFactory(is_staff=True, is_superuser=True))
        return
    user = UserFactory()
    group = roles.INSPECTORS if who == "inspector" else roles.FORCE_LEADERS
    user.groups.add(Group.objects.get(name=group))
    if who == "leader of force A":
        ForceMembership.objects.create(user=user, force=world["force_a"])
    client.force_login(user)


@pytest.mark.parametrize("who", ["anonymous", "inspector", "admin", "leader of force A"])
@pytest.mark.parametrize("name", FEEDS)
def test_no_draft_or_embargo_event_reaches_a_feed_whoever_asks(client, world, who, name):
    """The session of someone who may see force A's draft changes nothing: a feed is public."""
    _as(client, who, world)
    response = client.get(_url(world, name))
    body = response.content.decode()
    assert SECRET not in body
    assert "report to be published" not in body  # the embargo's event
    assert len(feedparser.parse(response.content).entries) == len(FEEDS[name][2])


def test_a_feed_is_valid_atom(client, world):
    response = client.get(_url(world, "changes:force_feed"))
    document = etree.fromstring(response.content)

    assert SCHEMA.validate(document), SCHEMA.error_log
    # RFC 4287's Schematron rules, which RELAX NG leaves unchecked: the feed has an author,
    # and each entry a link to read it at.
    assert document.find(f"{ATOM}author/{ATOM}name").text == "Inspection findings dashboard"
    entries = document.findall(f"{ATOM}entry")
    assert entries
    for entry in entries:
        assert entry.find(f"{ATOM}link[@rel='alternate']") is not None
    feed = feedparser.parse(response.content)
    assert not feed.bozo and feed.version == "atom10"
    assert feed.feed.title == "Force A: changes to inspection results"
    assert feed.feed.link == f"{SITE}/forces/{world['force_a'].slug}/"


def test_an_empty_feed_is_valid_atom(client, world):
    response = client.get(reverse("changes:force_feed", args=[ForceFactory().slug]))
    assert SCHEMA.validate(etree.fromstring(response.content)), SCHEMA.error_log
    assert feedparser.parse(response.content).entries == []


def test_an_entry_says_what_changed_when_and_where_to_read_it(client, world):
    event = world["events"]["a leadership"]
    inspection = event.inspection
    feed = _feed(client, reverse("changes:force_feed", args=[world["force_a"].slug]))
    entry = next(e for e in feed.entries if e.id.endswith(f"/{event.pk}"))

    assert entry.title == "Force A: cause of concern added"
    assert entry.summary == (
        f"National child protection inspection report published {inspection.published_label()}: "
        "Leaders do not know"
    )
    assert entry.link == f"{SITE}{inspection.get_absolute_url()}"
    assert entry.id == f"tag:inspections.example.org,2026:change/{event.pk}"
    assert entry.updated_parsed[:6] == event.happened_at.utctimetuple()[:6]
    assert [t.term for t in entry.tags] == ["Cause of concern added"]
    assert feed.feed.author == "Inspection findings dashboard"
    assert feed.feed.updated_parsed == max(e.updated_parsed for e in feed.entries)


def test_words_that_look_like_markup_are_shown_as_written(client):
    inspection = InspectionFactory()
    _cause(inspection, "Officers <b>rarely</b> record the child's views & wishes")
    (entry,) = _feed(client, reverse("changes:feed")).entries
    assert entry.summary_detail.type == "text/html"  # as Atom1Feed sends every summary
    written = unescape(entry.summary)
    assert written.endswith("Officers <b>rarely</b> record the child's views & wishes")


def test_links_and_ids_use_the_site_address_whatever_host_was_asked(client, world, settings):
    settings.ALLOWED_HOSTS = ["feeds.internal"]
    url = reverse("changes:feed")
    document = etree.fromstring(client.get(url, HTTP_HOST="feeds.internal").content)
    links = document.xpath("//atom:link/@href", namespaces={"atom": ATOM[1:-1]})
    assert links and all(link.startswith(SITE + "/") for link in links)
    ids = [e.findtext(f"{ATOM}id") for e in document.findall(f"{ATOM}entry")]
    assert len(set(ids)) == len(ids) == 4
    assert document.findtext(f"{ATOM}id") == SITE + url


def test_a_feed_is_newest_first_and_bounded(client):
    inspection = InspectionFactory()
    start = timezone.now() - datetime.timedelta(days=100)
    for day in range(ENTRIES + 5):
        event = _cause(inspection, f"Concern {day}")
        ChangeEvent.objects.filter(pk=event.pk).update(
            happened_at=start + datetime.timedelta(days=day)
        )
    titles = [e.summary for e in _feed(client, reverse("changes:feed")).entries]
    assert len(titles) == ENTRIES
    assert titles[0].endswith(f"Concern {ENTRIES + 4}")
    assert titles[-1].endswith("Concern 5")


def test_a_feed_reads_its_events_in_one_query_however_many(
    client, world, django_assert_num_queries
):
    url = reverse("changes:force_feed", args=[world["force_a"].slug])
    client.get(url)  # the synthetic-data answer is cached from here on
    with django_assert_num_queries(2):  # the force, then its events with what they name
        client.get(url)
    for number in range(20):
        _cause(InspectionFactory(force=world["force_a"]), f"Concern {number}")
    with django_assert_num_queries(2):
        client.get(url)


@pytest.mark.parametrize(
    "url",
    [
        "/forces/no-such-force/feed/",
        "/programmes/no-such-programme/feed/",
        "/areas/no-such-area/feed/",
        "/areas/leadership/feed/?programme=no-such-programme",
        "/areas/leadership/feed/?programme=peel-2023-25",  # PEEL has no area of that name
    ],
)
def test_an_unknown_name_is_not_found(client, url):
    assert client.get(url).status_code == 404


def test_a_new_event_appears_at_once(client, world):
    url = reverse("changes:force_feed", args=[world["force_a"].slug])
    assert len(_titles(client, url)) == 3
    _cause(InspectionFactory(force=world["force_a"]), "Something new")
    assert len(_titles(client, url)) == 4


def test_browsers_and_proxies_may_keep_a_feed_briefly_and_readers_get_304(client, world):
    url = reverse("changes:feed")
    response = client.get(url)
    assert response["Cache-Control"] == "public, max-age=300"
    assert response["Last-Modified"]
    again = client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_a_signed_in_answer_is_still_kept_private(client, world):
    """config/privacy.py marks every answer to a signed-in user, a feed too."""
    _as(client, "inspector", world)
    cache_control = client.get(reverse("changes:feed"))["Cache-Control"]
    assert "private" in cache_control and "no-store" in cache_control
    assert "public" not in cache_control


def test_an_area_feed_has_every_publication_in_its_programme(client):
    """A grade reaches the public with its report: the publication event carries it."""
    draft = InspectionFactory(status=Inspection.Status.DRAFT, published=datetime.date(2026, 6, 3))
    JudgmentFactory(inspection=draft, area=area("investigation"), grade=grade("good"))
    with transaction.atomic():
        publish_inspection(inspection=draft)
    InspectionFactory(programme=peel())
    (entry,) = _feed(client, "/areas/leadership/feed/?programme=ncpi").entries
    assert entry.title.endswith("National child protection inspection report published")


def test_a_demonstration_database_marks_its_feeds(client, demo_database):
    synthetic = Inspection.objects.filter(is_synthetic=True).select_related("force").first()
    _cause(synthetic, "Generated concern")
    response = client.get(reverse("changes:force_feed", args=[synthetic.force.slug]))
    feed = feedparser.parse(response.content)
    assert response["X-Synthetic-Data"] == "true"
    assert feed.feed.title.startswith("Synthetic data: ")
    assert "none of them is a real report" in feed.feed.subtitle
    (entry,) = feed.entries
    assert entry.title == f"Synthetic data: {synthetic.force.name}: cause of concern added"
    assert "Synthetic data" in [t.term for t in entry.tags]
    assert entry.id.startswith("tag:inspections.example.org,2026:synthetic-change/")


# --- The pages that link their feeds --------------------------------------------------------


def _feed_links(client, url: str) -> tuple[list[str], list[tuple[str, str]]]:
    """The feeds a page's <head> names, and the visible links to feeds, with their words."""
    document = html.fromstring(client.get(url).content)
    head = document.xpath('//head/link[@rel="alternate"][@type="application/atom+xml"]/@href')
    visible = [
        (a.get("href"), a.text_content())
        for a in document.xpath('//main//a[@type="application/atom+xml"]')
    ]
    return head, visible


PAGES = {
    "/forces/gloucestershire/": [
        ("/forces/gloucestershire/feed/", "Gloucestershire Constabulary"),
    ],
    "/inspections/gloucestershire-ncpi-2025-05-21/": [
        ("/forces/gloucestershire/feed/", "Gloucestershire Constabulary"),
    ],
    "/areas/leadership/": [
        (
            "/areas/leadership/feed/?programme=ncpi",
            "Leadership of child protection arrangements (Child protection)",
        ),
    ],
    "/dashboards/": [("/changes/feed/", "all forces")],
    "/dashboards/?programme=peel-2023-25": [
        ("/changes/feed/", "all forces"),
        ("/programmes/peel-2023-25/feed/", "PEEL 2023–25"),
    ],
}


@pytest.mark.parametrize("page", PAGES)
def test_a_page_links_the_feeds_that_follow_it_in_its_head_and_in_words(client, page):
    head, visible = _feed_links(client, page)
    expected = PAGES[page]
    assert head == [path for path, _ in expected]
    assert visible == [(path, f"Follow changes to {name}: Atom feed") for path, name in expected]
    for path in head:
        assert client.get(path).status_code == 200
