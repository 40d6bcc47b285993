"""DRF glue: Django's ValidationError as a 400, page sizes, and the anonymous rate limit.

REST_FRAMEWORK names these classes, and DRF loads them while it defines its own views: this
module must not import rest_framework.views (or anything importing it) at the top.
"""

import logging

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions
from rest_framework.pagination import PageNumberPagination
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle

logger = logging.getLogger(__name__)


def exception_handler(exc, context):
    """Answer a service's ValidationError with a 400 naming each field, like a serializer's."""
    from rest_framework.views import exception_handler as drf_exception_handler

    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(validation_error_detail(exc))
    return drf_exception_handler(exc, context)


def validation_error_detail(error: DjangoValidationError) -> dict[str, list[str]]:
    """Messages by field; errors of no field go under DRF's non_field_errors key."""
    if hasattr(error, "error_dict"):
        return {
            api_settings.NON_FIELD_ERRORS_KEY if field == NON_FIELD_ERRORS else field: messages
            for field, messages in error.message_dict.items()
        }
    return {api_settings.NON_FIELD_ERRORS_KEY: error.messages}


class Pagination(PageNumberPagination):
    """?page=N&page_size=M, at most 200 rows a page."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


class AnonymousRateThrottle(AnonRateThrottle):
    """Limit anonymous callers per address; an unreachable cache lets the request through.

    As on the dashboard pages, a cache outage costs protection for a while, never the service.
    """

    def allow_request(self, request, view):
        try:
            return super().allow_request(request, view)
        except Exception as error:  # the cache backend's own connection errors vary
            logger.warning("API throttle cache unavailable: %s", error)
            return True
