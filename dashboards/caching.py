"""Serve public dashboard pages from the cache, checked against the indicators' version."""

import hashlib
import logging
from functools import wraps

from django.core.cache import cache
from django.http import HttpResponse

from dashboards import versioning
from dashboards.addresses import SORT, Understood
from inspections import synthetic
from inspections.synthetic import remember_synthetic_data, request_holds_synthetic_data

logger = logging.getLogger(__name__)
TIMEOUT = 60 * 60  # a page no one asks for leaves the cache within the hour
KEPT_HEADERS = ("Content-Type", "Content-Disposition")


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

        return wrapper

    return decorator


def _cached(view, request, *args, **kwargs):
    address = f"{request.path}?{request.GET.urlencode()}"
    key = f"page:{hashlib.sha256(address.encode()).hexdigest()[:32]}"
    try:
        found = cache.get_many([versioning.KEY, key])
        version = found.get(versioning.KEY) or versioning.current_version()
    except Exception as error:  # the cache backend's own connection errors vary
        logger.warning("Dashboard cache unavailable: %s", error)
        return view(request, *args, **kwargs)
    cached = found.get(key)
    if cached is not None and cached[0] == version:
        _, content, headers = cached
        # Whether the page was rendered from synthetic data is kept with it, so that
        # marking its answer asks the database nothing.
        remember_synthetic_data(request, synthetic.HEADER in headers)
        return HttpResponse(content, headers=headers)
    response = view(request, *args, **kwargs)
    if response.status_code == 200 and not response.streaming:
        try:
            headers = {h: response[h] for h in KEPT_HEADERS if h in response}
            if request_holds_synthetic_data(request):
                headers[synthetic.HEADER] = "true"
            cache.set(key, (version, response.content, headers), TIMEOUT)
        except Exception as error:
            logger.warning("Dashboard cache unavailable: %s", error)
    return response
