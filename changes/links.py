"""Each followed thing's feed: its name, as 'Follow changes to <name>' reads, and its address,
for the pages' links (templatetags/change_feeds.py) and the feeds themselves (feeds.py)."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from inspections.models import AssessmentArea, Force, Programme

ALL = "all"  # what a page passes for the feed of every change


@dataclass(frozen=True)
class FeedLink:
    name: str
    path: str


def feed_link(thing) -> FeedLink:
    if thing == ALL:
        return FeedLink(_("all forces"), reverse("changes:feed"))
    if isinstance(thing, Force):
        return FeedLink(thing.name, reverse("changes:force_feed", args=[thing.slug]))
    if isinstance(thing, Programme):
        return FeedLink(thing.name, reverse("changes:programme_feed", args=[thing.slug]))
    if isinstance(thing, AssessmentArea):
        query = urlencode({"programme": thing.programme.slug})
        name = f"{thing.name} ({thing.programme.short_name})"
        return FeedLink(name, reverse("changes:area_feed", args=[thing.slug]) + "?" + query)
    raise TypeError(f"No feed follows {thing!r}.")
