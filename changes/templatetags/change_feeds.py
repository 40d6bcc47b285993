"""Links to the Atom feeds that follow what a page shows: in its <head> and in words."""

from django import template

from changes.links import FeedLink, feed_link

register = template.Library()


@register.inclusion_tag("changes/_feed_head.html")
def feed_head_links(*followed) -> dict:
    """`<link rel="alternate">` to each followed thing's feed, for readers and browsers."""
    return {"feeds": feed_links_for(followed)}


@register.inclusion_tag("changes/_feed_link.html")
def feed_links(*followed) -> dict:
    """The visible links to each followed thing's feed, with what a feed is for."""
    return {"feeds": feed_links_for(followed)}


def feed_links_for(followed) -> list[FeedLink]:
    """The feeds of everything ("all"), forces, programmes and areas, skipping what is empty
    (a filter not set, a variable the page lacks)."""
    return [feed_link(thing) for thing in followed if thing]
