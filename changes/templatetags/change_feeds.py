"""Links to the Atom feeds that follow what a page shows: in its <head> and in words."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

from inspections.models import AssessmentArea, Force, Programme

register = template.Library()
ALL = "all"  # what a page passes for the feed of every change


@dataclass(frozen=True)
class FeedLink:
    """A feed's name, as 'Follow changes to <name>' reads, and its address."""

    name: str
    path: str


@register.inclusion_tag("changes/_feed_head.html")
def feed_head_links(*followed) -> dict:
    """`<link rel="alternate">` to each followed thing's feed, for readers and browsers."""
    return {"feeds": feed_links_for(followed)}


@register.inclusion_tag("changes/_feed_link.html")
def feed_links(*followed) -> dict:
    """The visible links to each followed thing's feed, with what a feed is for."""
    return {"feeds": feed_links_for(followed)}


def feed_links_for(followed) -> list[FeedLink]:
    """The feeds of `ALL`, forces, programmes and areas, skipping what is empty (a filter not
    set, a variable the page lacks)."""
    return [_link(thing) for thing in followed if thing]


def _link(thing) -> FeedLink:
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
