"""The change log's Atom feeds, each beside the page it follows."""

from django.urls import path
from django.views.decorators.cache import cache_control
from django.views.decorators.http import conditional_page, require_GET

from changes import feeds

app_name = "changes"


def _served(feed):
    """A feed as a view: GET only, kept by browsers and proxies for five minutes (it says the
    same to everyone), and answered 304 Not Modified when a reader already has it.

    Not kept in the server's cache: it is one query, and a cached copy would need its own
    invalidation, since not every event recomputes the indicators the dashboards' cache follows.
    """
    return require_GET(cache_control(public=True, max_age=300)(conditional_page(feed)))


urlpatterns = [
    path("changes/feed/", _served(feeds.AllChangesFeed()), name="feed"),
    path("forces/<slug:slug>/feed/", _served(feeds.ForceFeed()), name="force_feed"),
    path("programmes/<slug:slug>/feed/", _served(feeds.ProgrammeFeed()), name="programme_feed"),
    path("areas/<slug:slug>/feed/", _served(feeds.AreaFeed()), name="area_feed"),
]
