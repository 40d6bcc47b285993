"""Serve public dashboard pages from the cache, keyed by the indicators' version."""

import hashlib
import logging
from functools import wraps

from django.core.cache import cache
from django.http import HttpResponse

from dashboards.versioning import current_version

logger = logging.getLogger(__name__)
TIMEOUT = 60 * 60  # a recompute changes the key long before this
KEPT_HEADERS = ("Content-Type", "Content-Disposition")


def cache_public_page(view):
    """Cache the whole page for anonymous visitors; signed-in visitors see their own.

    An unreachable cache costs speed, never the page: it is rendered afresh.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.user.is_authenticated:
            return view(request, *args, **kwargs)
        path = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
        try:
            key = f"page:{current_version()}:{path}"
            cached = cache.get(key)
        except Exception as error:  # the cache backend's own connection errors vary
            logger.warning("Dashboard cache unavailable: %s", error)
            return view(request, *args, **kwargs)
        if cached is not None:
            content, headers = cached
            return HttpResponse(content, headers=headers)
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming:
            try:
                headers = {h: response[h] for h in KEPT_HEADERS if h in response}
                cache.set(key, (response.content, headers), TIMEOUT)
            except Exception as error:
                logger.warning("Dashboard cache unavailable: %s", error)
        return response

    return wrapper
