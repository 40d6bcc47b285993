"""Answers to a signed-in user are theirs alone: no browser cache or proxy may keep a copy."""

from django.db import DatabaseError
from django.utils.cache import patch_cache_control


class PrivateAnswersMiddleware:
    """Send `Cache-Control: private, no-store` with every answer to a signed-in user, pages,
    downloads and the API alike (a token's user too: DRF sets it on the request it wraps)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if _signed_in(request):
            patch_cache_control(response, private=True, no_store=True)
        return response


def _signed_in(request) -> bool:
    try:
        return request.user.is_authenticated
    except DatabaseError:  # the session cannot be read (/healthz during an outage): keep it private
        return True
