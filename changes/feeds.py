"""Atom feeds of the change log: all changes, a force's, a programme's and an area's.

A feed is for anyone, with or without an account, and says the same to everyone: only public
events, whoever asks. A feed reader has no session, and a feed address is cached and shared, so
a signed-in inspector's session must never put a private event into one.

Every link in a feed starts with settings.SITE_URL, not the host the request came to: an
entry's links and id must be the same whichever address fetched the feed (a proxy's, an
internal name), or readers would see each change twice, and they match the links in the
emails and the API, which describe.py writes with SITE_URL too.
"""

from abc import ABC, abstractmethod
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.syndication.views import Feed
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext as _

from changes.describe import Description, describe
from changes.links import feed_link
from changes.models import ChangeEvent
from inspections.models import Force, Programme
from inspections.selectors import assessment_area
from inspections.synthetic import request_holds_synthetic_data

ENTRIES = 50  # the newest; a reader polling more often than 50 changes happen misses none
# The date in each entry's tag: URI (RFC 4151): the year the change log began, never changed,
# so an entry keeps its id for good.
TAG_DATE = "2026"


@dataclass(frozen=True)
class Followed:
    """What one feed follows: its name, the page it follows, its own address and its events."""

    name: str
    page: str
    address: str
    events: Q
    synthetic: bool


@dataclass(frozen=True)
class Entry:
    """One event of a feed, with its words (changes.describe)."""

    event: ChangeEvent
    text: Description
    synthetic: bool


class ChangeFeed(Feed, ABC):
    """The newest public events of what a feed follows; subclasses say what that is."""

    feed_type = Atom1Feed

    @abstractmethod
    def get_object(self, request, *args, **kwargs) -> Followed:
        """What the feed follows, from the address's arguments."""

    def title(self, followed: Followed) -> str:
        title = _("%(name)s: changes to inspection results") % {"name": followed.name}
        return _synthetic(title) if followed.synthetic else title

    def subtitle(self, followed: Followed) -> str:
        subtitle = _(
            "Inspections published, grades recorded or corrected, causes of concern and "
            "recommendations added, recommendations assessed or given new due dates, and "
            "follow-up duties submitted or overdue: the newest %(count)s public changes."
        ) % {"count": ENTRIES}
        if followed.synthetic:
            subtitle += " " + _(
                "Synthetic data: every inspection in this feed was generated for demonstrations "
                "and benchmarks; none of them is a real report."
            )
        return subtitle

    def link(self, followed: Followed) -> str:
        return settings.SITE_URL + followed.page

    def feed_url(self, followed: Followed) -> str:
        return settings.SITE_URL + followed.address

    def feed_guid(self, followed: Followed) -> str:
        return self.feed_url(followed)

    def author_name(self) -> str:
        return _("Inspection findings dashboard")

    def author_link(self) -> str:
        return settings.SITE_URL + "/"

    def items(self, followed: Followed) -> list[Entry]:
        events = (
            ChangeEvent.objects.visible_to(AnonymousUser())
            .filter(followed.events)
            .described()
            .order_by("-happened_at", "-pk")[:ENTRIES]
        )
        return [Entry(event, describe(event), followed.synthetic) for event in events]

    def item_title(self, entry: Entry) -> str:
        return _synthetic(entry.text.title) if entry.synthetic else entry.text.title

    def item_description(self, entry: Entry) -> str:
        return escape(entry.text.summary)  # Atom1Feed sends the summary as type="html"

    def item_link(self, entry: Entry) -> str:
        return entry.text.url

    def item_guid(self, entry: Entry) -> str:
        kind = "synthetic-change" if entry.synthetic else "change"
        return f"tag:{urlsplit(settings.SITE_URL).hostname},{TAG_DATE}:{kind}/{entry.event.pk}"

    item_guid_is_permalink = False

    def item_updateddate(self, entry: Entry):
        return entry.event.happened_at

    def item_categories(self, entry: Entry) -> list[str]:
        kind = str(entry.event.get_kind_display())
        return [kind, _("Synthetic data")] if entry.synthetic else [kind]


class AllChangesFeed(ChangeFeed):
    """Every force's public changes."""

    def get_object(self, request) -> Followed:
        return Followed(
            name=_("All forces"),
            page=reverse("dashboards:overview"),
            address=reverse("changes:feed"),
            events=Q(),
            synthetic=request_holds_synthetic_data(request),
        )


class ForceFeed(ChangeFeed):
    """One force's public changes."""

    def get_object(self, request, slug: str) -> Followed:
        force = get_object_or_404(Force, slug=slug)
        link = feed_link(force)
        return Followed(
            name=link.name,
            page=reverse("dashboards:force", args=[force.slug]),
            address=link.path,
            events=Q(force=force),
            synthetic=request_holds_synthetic_data(request),
        )


class ProgrammeFeed(ChangeFeed):
    """One programme's public changes, in every force."""

    def get_object(self, request, slug: str) -> Followed:
        programme = get_object_or_404(Programme, slug=slug)
        link = feed_link(programme)
        return Followed(
            name=link.name,
            page=reverse("dashboards:overview") + "?" + urlencode({"programme": programme.slug}),
            address=link.path,
            events=Q(programme=programme),
            synthetic=request_holds_synthetic_data(request),
        )


class AreaFeed(ChangeFeed):
    """One assessment area's public changes, in every force.

    An area's grades reach the public with the report they are in: grades recorded on a draft
    stay private events, and publishing records one event carrying them all. So the area's
    feed has every publication in its programme, and the events that name the area.
    """

    def get_object(self, request, slug: str) -> Followed:
        area = assessment_area(slug=slug, programme=request.GET.get("programme"))
        if area is None:
            raise Http404(_("No assessment area of that name."))
        link = feed_link(area)
        return Followed(
            name=link.name,
            page=reverse("dashboards:area", args=[area.slug])
            + "?"
            + urlencode({"programme": area.programme.slug}),
            address=link.path,
            events=Q(area=area)
            | Q(programme=area.programme_id, kind=ChangeEvent.Kind.INSPECTION_PUBLISHED),
            synthetic=request_holds_synthetic_data(request),
        )


def _synthetic(title: str) -> str:
    return _("Synthetic data: %(title)s") % {"title": title}
