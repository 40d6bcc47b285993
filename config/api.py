"""DRF glue: Django's ValidationError as a 400, page sizes, strict filters, the anonymous rate
limit, and the error answers the schema documents.

REST_FRAMEWORK names these classes, and DRF loads them while it defines its own views: this
module must not import rest_framework.views (or anything importing it) at the top.
"""

import re

import django_filters
from django import forms
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import OpenApiResponse
from rest_framework import exceptions, pagination, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle

from config import limits


def exception_handler(exc, context):
    """Answer a service's ValidationError with a 400 naming each field, like a serializer's,
    and a body over Django's size limit with a 413 in JSON (not the site's HTML 400 page)."""
    from rest_framework.response import Response
    from rest_framework.views import exception_handler as drf_exception_handler

    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(validation_error_detail(exc))
    if isinstance(exc, RequestDataTooBig):
        limit = f"{settings.DATA_UPLOAD_MAX_MEMORY_SIZE / 2**20:g}"
        detail = _("The request body is too large: at most %(limit)s MB.") % {"limit": limit}
        return Response({"detail": detail}, status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE)
    return drf_exception_handler(exc, context)


def validation_error_detail(error: DjangoValidationError) -> dict[str, list[str]]:
    """Messages by field; errors of no field go under DRF's non_field_errors key."""
    if hasattr(error, "error_dict"):
        return {
            api_settings.NON_FIELD_ERRORS_KEY if field == NON_FIELD_ERRORS else field: messages
            for field, messages in error.message_dict.items()
        }
    return {api_settings.NON_FIELD_ERRORS_KEY: error.messages}


class _PageSize:
    """?page_size=M, at most 200 rows a page; a size that is not a whole number from 1 is a 400
    naming it."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    page_size_query_description = _("Rows a page, from 1; more than 200 gives 200.")

    def get_page_size(self, request):
        value = request.query_params.get(self.page_size_query_param, "")
        if not value:
            return self.page_size
        return min(_whole_number(value, self.page_size_query_param), self.max_page_size)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["schema"].get("type") == "integer":
                parameter["schema"]["minimum"] = 1
            parameter["allowEmptyValue"] = True
        return parameters


class Pagination(_PageSize, PageNumberPagination):
    """?page=N&page_size=M; a page that is not a whole number from 1 is a 400 naming it, and a
    page past the last is a 404."""

    page_query_description = _("A page number, from 1.")

    def paginate_queryset(self, queryset, request, view=None):
        # A view may count its rows more cheaply than COUNT over its queryset's joins.
        count_rows = getattr(view, "count_rows", None)
        return super().paginate_queryset(
            _Counted(queryset, count_rows) if count_rows else queryset, request, view
        )

    def get_page_number(self, request, paginator):
        value = request.query_params.get(self.page_query_param, "")
        if value in self.last_page_strings:
            return paginator.num_pages
        return _whole_number(value, self.page_query_param) if value else 1


class _Counted:
    """A queryset whose count() is another's answer, for Django's Paginator."""

    def __init__(self, queryset, count):
        self.queryset, self.count = queryset, count
        self.ordered = queryset.ordered

    def __getitem__(self, key):
        return self.queryset[key]


class CursorPagination(_PageSize, pagination.CursorPagination):
    """?cursor=C&page_size=M, for a list read in the order of a unique whole number such as
    the id; a cursor not taken from a `next` or `previous` link is a 400 naming it."""

    cursor_query_description = _("Where to go on: a `next` or `previous` link's cursor.")

    def decode_cursor(self, request):
        try:
            cursor = super().decode_cursor(request)
        except exceptions.NotFound:
            cursor = None
        # DRF decodes any position; ours are ids, and another would reach the database.
        if cursor and cursor.position is not None and not ID.fullmatch(str(cursor.position)):
            cursor = None
        if cursor is None and request.query_params.get(self.cursor_query_param):
            message = _("Use the cursor of a `next` or `previous` link as it is.")
            raise exceptions.ValidationError({self.cursor_query_param: [message]})
        return cursor


ID = re.compile(r"[0-9]{1,18}")  # below 2**63, the largest id a database holds


def _whole_number(value: str, parameter: str) -> int:
    try:
        number = int(value)
    except ValueError:  # also for numbers too long to convert
        number = 0
    if number < 1:
        raise exceptions.ValidationError({parameter: [_("Enter a whole number from 1.")]})
    return number


class _BooleanField(forms.NullBooleanField):
    # Django's own widget reads anything it does not know as "unknown": keep the raw text.
    widget = forms.TextInput

    def to_python(self, value):
        if value in (None, ""):
            return None
        text = str(value).lower()
        if text in ("true", "1"):
            return True
        if text in ("false", "0"):
            return False
        raise DjangoValidationError(_("Enter true or false."), code="invalid")


class BooleanFilter(django_filters.BooleanFilter):
    """true or false (1 or 0); anything else is a 400 rather than no filter at all."""

    field_class = _BooleanField


class FilterSet(django_filters.FilterSet):
    """The API's filters: a value that is not valid is a 400 naming it; an empty one is ignored."""

    FILTER_DEFAULTS = {
        **django_filters.FilterSet.FILTER_DEFAULTS,
        models.BooleanField: {"filter_class": BooleanFilter},
    }


NO_NUL = "^[^\\u0000]*$"  # a JSON Schema pattern: text without a NUL character
# django-filter's NumberFilter refuses a number above this (its guard against huge decimals).
NUMBER_FILTER_MAX = 1e50


class FilterParameters(DjangoFilterExtension):
    """Document django-filter's parameters as it reads them: a parameter left empty filters
    nothing, and text may not hold a NUL character (Django's form fields refuse it)."""

    priority = 1  # above drf-spectacular's own extension for the same backend

    def get_schema_operation_parameters(self, auto_schema, *args, **kwargs):
        parameters = super().get_schema_operation_parameters(auto_schema, *args, **kwargs)
        for parameter in parameters:
            parameter["allowEmptyValue"] = True
            schema = parameter["schema"]
            if schema.get("type") == "string" and not {"enum", "format"} & set(schema):
                schema["pattern"] = NO_NUL
            if schema.get("type") == "number" and "maximum" not in schema:
                schema["maximum"] = NUMBER_FILTER_MAX
        return parameters


class TokenScheme(OpenApiAuthenticationExtension):
    """Document knox's tokens under the name rest_framework.authtoken's had, and say where one
    comes from and when it ends."""

    target_class = "knox.auth.TokenAuthentication"
    name = "tokenAuth"
    priority = 1  # above drf-spectacular's own extension for knox

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": _(
                "`Token` and a token created on your account page (/accounts/). A token ends "
                "%(days)d days after its creation, when its owner changes password or is "
                "deactivated, or when it is revoked."
            )
            % {"days": settings.API_TOKEN_TTL_DAYS},
        }


class AnonymousRateThrottle(AnonRateThrottle):
    """Limit anonymous callers per address in fixed windows; an unreachable cache lets the
    request through.

    Each request adds one to its address's count for the window with the cache's atomic incr
    (Redis INCR) and passes while the count is within the rate. DRF's own throttle reads a list
    of times and writes it back, so parallel requests counted one another's as one and many
    more than the rate got through. As on the dashboard pages, a cache outage costs protection
    for a while, never the service.
    """

    def allow_request(self, request, view):
        self.key = self.get_cache_key(request, view)
        if self.rate is None or self.key is None:  # no rate, or a signed-in caller
            return True
        self.now = self.timer()
        window = int(self.now // self.duration)
        self.window_ends = (window + 1) * self.duration
        # The count expires with its window.
        return limits.count_within(
            f"{self.key}:{window}",
            self.num_requests,
            seconds=int(self.window_ends - self.now) + 1,
            what="API throttle cache",
            cache=self.cache,
        )

    def wait(self):
        """Seconds until the window ends, sent as Retry-After."""
        return self.window_ends - self.now


# The error answers, as the schema documents them. DRF's own errors carry one `detail`; bad
# input carries messages by field (by position too, for a list such as `links`), except a body
# that cannot be parsed at all.
_DETAIL = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
_MESSAGES = {"type": "array", "items": {"type": "string"}}
MESSAGES_BY_FIELD = {
    "type": "object",
    "additionalProperties": {
        "oneOf": [_MESSAGES, {"type": "object", "additionalProperties": _MESSAGES}]
    },
}
BAD_QUERY = OpenApiResponse(
    MESSAGES_BY_FIELD, description=_("A filter, `page` or `page_size` is not valid.")
)
BAD_BODY = OpenApiResponse(
    {"anyOf": [MESSAGES_BY_FIELD, _DETAIL]},
    description=_(
        "Messages by field, or one `detail` if the body cannot be read; nothing was written."
    ),
)
BAD_TOKEN = OpenApiResponse(_DETAIL, description=_("The token is not valid."))
NOT_SIGNED_IN = OpenApiResponse(_DETAIL, description=_("Not signed in, or the token is not valid."))
PAGE_NOT_FOUND = OpenApiResponse(_DETAIL, description=_("A page past the last one."))
THROTTLED = OpenApiResponse(
    _DETAIL, description=_("Too many requests without signing in: wait `Retry-After` seconds.")
)


def error(description: str) -> OpenApiResponse:
    """An error of DRF's own shape, one `detail`, meaning `description`."""
    return OpenApiResponse(_DETAIL, description=description)


def list_responses(serializer) -> dict:
    """A list's answers: a page of rows, or why not."""
    return {200: serializer, 400: BAD_QUERY, 401: BAD_TOKEN, 404: PAGE_NOT_FOUND, 429: THROTTLED}


def detail_responses(serializer, *, missing: str) -> dict:
    """One row's answers: the row, or why not; `missing` says what a 404 means."""
    return {200: serializer, 401: BAD_TOKEN, 404: error(missing), 429: THROTTLED}
