"""Serve public dashboard pages from the cache, checked against the indicators' version.

A visitor with no session cookie is anonymous: their cached page is answered by
`PublicPageCacheMiddleware`, which stands just inside the security and content-security
middleware, before sessions, CSRF, authentication, messages and the rest are set up for a
request that needs none of them. The entry holds the headers those inner middleware added when
the page was rendered (X-Frame-Options, Vary, X-Synthetic-Data, ...), so the answer is the
same as the full stack's. Anyone else (a session cookie: signed in, or once signed in) goes the
whole way, and the view's decorator answers them from the same entries if they turn out
anonymous.
"""

import hashlib
import logging
import threading
from collections import OrderedDict
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.urls import Resolver404, resolve

from dashboards import versioning
from dashboards.addresses import SORT, Understood
from inspections import synthetic
from inspections.synthetic import remember_synthetic_data

logger = logging.getLogger(__name__)
TIMEOUT = 60 * 60  # a page no one asks for leaves the cache within the hour
# Never replayed to someone else: a cookie is one visitor's.
PRIVATE_HEADERS = frozenset({"set-cookie"})


def cache_public_page(understood: Understood):
    """Cache the whole page for anonymous visitors; signed-in visitors see their own.

    The page is rendered from, and kept under, the query it understands (addresses.py), so
    junk parameters neither reach it nor make new entries. A sorted table is rendered
    afresh and not kept: which sorts a page offers is known only once its tables are built,
    and without JavaScript (the only way to ask for one) they are rare.

    One cache round trip per request: the indicators' version and the page (stored with the
    version it was rendered at) are read together, and a page of an older version is rendered
    afresh. An unreachable cache costs speed, never the page.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.user.is_authenticated:
                return view(request, *args, **kwargs)
            request.GET = understood.canonical(request.GET)
            if SORT in request.GET:
                return view(request, *args, **kwargs)
            return _cached(view, request, *args, **kwargs)

        wrapper.page_cache = understood
        return wrapper

    return decorator


class PublicPageCacheMiddleware:
    """Answer an anonymous visitor's cached dashboard page before the inner middleware run,
    and keep a page rendered for one with the headers the inner middleware gave it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        address = _cacheable_address(request)
        if address is not None:
            key = _key(address)
            found = lookup(key)
            request._page_cache_tried = True  # the decorator need not try an unreachable cache
            if found is not None:
                version, cached = found
                if cached is not None and cached[0] == version:
                    return HttpResponse(cached[1], headers=cached[2])
                request._page_cache_entry = (key, version)  # looked up, and missed
        response = self.get_response(request)
        # The decorator marks a page rendered for an anonymous visitor with where to keep it;
        # it is kept here, whoever asked, so every entry holds the same, whole headers.
        entry = getattr(response, "_page_cache_entry", None)
        if entry is not None and not response.cookies:
            key, version = entry
            headers = {k: v for k, v in response.items() if k.lower() not in PRIVATE_HEADERS}
            keep(key, (version, response.content, headers))
        return response


def _cacheable_address(request) -> str | None:
    """The page's address as it is kept, for an anonymous GET of a cached page; else None."""
    if request.method != "GET" or settings.SESSION_COOKIE_NAME in request.COOKIES:
        return None
    try:
        understood = getattr(resolve(request.path_info).func, "page_cache", None)
    except Resolver404:
        return None
    if understood is None:
        return None
    query = understood.canonical(request.GET)
    if SORT in query:
        return None
    return f"{request.path}?{query.urlencode()}"


def _key(address: str) -> str:
    return f"page:{hashlib.sha256(address.encode()).hexdigest()[:32]}"


def lookup(key: str, *, version_key: str = versioning.KEY, what: str = "Dashboard"):
    """The version under `version_key` (the indicators' for pages) and the entry kept under
    `key`, a (version, ...) tuple, in one round trip; None when the cache cannot be reached.

    An entry this process served lately is kept in its memory too, so that a hit reads only the
    version (a few bytes) from the cache rather than the whole entry. The copy is used only
    while the cache holds the version it was made at: a new version, or an emptied cache
    (versioning.current), retires it, in every process at once."""
    try:
        recent = _recent.get(key)
        if recent is not None:
            version = cache.get(version_key)
            if version is not None and recent[0] == version:
                return version, recent
        found = cache.get_many([version_key, key])
        version = found.get(version_key) or versioning.current(version_key)
    except Exception as error:  # the cache backend's own connection errors vary
        logger.warning("%s cache unavailable: %s", what, error)
        return None
    entry = found.get(key)
    if entry is not None and entry[0] == version:
        _recent.put(key, entry)
    return version, entry


def keep(key: str, entry: tuple, *, what: str = "Dashboard") -> None:
    """Keep an entry, a (version, ...) tuple, under `key` for the next to look it up."""
    try:
        cache.set(key, entry, TIMEOUT)
    except Exception as error:
        logger.warning("%s cache unavailable: %s", what, error)
        return
    _recent.put(key, entry)


class _Recent:
    """The entries a process served last, at most `size` of them (a page is about 100 KB)."""

    def __init__(self, size: int):
        self.size, self.entries, self.lock = size, OrderedDict(), threading.Lock()

    def get(self, key: str):
        with self.lock:
            entry = self.entries.get(key)
            if entry is not None:
                self.entries.move_to_end(key)
            return entry

    def put(self, key: str, entry: tuple) -> None:
        with self.lock:
            self.entries[key] = entry
            self.entries.move_to_end(key)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)


_recent = _Recent(size=64)


def _cached(view, request, *args, **kwargs):
    """Answer from the cache (a visitor with a session cookie who is anonymous after all), or
    render and mark the page for the middleware to keep."""
    entry = getattr(request, "_page_cache_entry", None)  # the middleware looked it up already
    if entry is None:
        if getattr(request, "_page_cache_tried", False):  # and found the cache unreachable
            return view(request, *args, **kwargs)
        key = _key(f"{request.path}?{request.GET.urlencode()}")
        found = lookup(key)
        if found is None:
            return view(request, *args, **kwargs)
        version, cached = found
        if cached is not None and cached[0] == version:
            _, content, headers = cached
            # Whether the page was rendered from synthetic data is kept with it, so that
            # marking its answer asks the database nothing.
            held = {name.lower() for name in headers}
            remember_synthetic_data(request, synthetic.HEADER.lower() in held)
            return HttpResponse(content, headers=headers)
        entry = (key, version)
    response = view(request, *args, **kwargs)
    if response.status_code == 200 and not response.streaming:
        response._page_cache_entry = entry
    return response
