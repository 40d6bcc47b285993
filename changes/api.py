"""The change log as an API: the events a caller may see, in the order they were recorded, for
programs that keep in step by asking what changed since they last asked."""

from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from changes import filters, serializers
from changes.models import ChangeEvent
from changes.querysets import SETTLING
from config import api


class ChangePagination(api.CursorPagination):
    """Pages of events in id order, each answer with where to resume once the log grows."""

    ordering = "id"

    def paginate_queryset(self, queryset, request, view=None):
        page = super().paginate_queryset(queryset, request, view)
        since = request.query_params.get("since", "")
        self.last_id = page[-1].pk if page else (int(since) if api.ID.fullmatch(since) else None)
        self.resume = self._resume_link(page)
        return page

    def get_paginated_response(self, data):
        return Response(
            {
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "resume": self.resume,
                "last_id": self.last_id,
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        response["properties"] = {
            **response["properties"],
            "resume": {
                "type": "string",
                "format": "uri",
                "description": _(
                    "Ask this later for the events recorded after this page, with the same "
                    "filters: it is this page's `last_id` as `since`. An empty page gives its "
                    "own address back."
                ),
            },
            "last_id": {
                "type": "integer",
                "nullable": True,
                "description": _(
                    "The id of the last event on this page (or, on an empty page, the id given "
                    "as `since`): store it and send it as `since` to resume."
                ),
            },
        }
        response["required"] = ["next", "previous", "resume", "last_id", "results"]
        return response

    def _resume_link(self, page) -> str:
        url = self.request.build_absolute_uri()
        if not page:
            return url
        return replace_query_param(
            remove_query_param(url, self.cursor_query_param), "since", self.last_id
        )


_RESPONSES = {
    200: serializers.ChangeEventSerializer,
    400: OpenApiResponse(
        api.MESSAGES_BY_FIELD,
        description=_(
            "`since`, `cursor`, `page_size` or a filter is not valid, or names no force, "
            "programme or area."
        ),
    ),
    401: api.BAD_TOKEN,
    429: api.THROTTLED,
}


_DESCRIPTION = f"""Changes to inspection results, oldest first: inspections published or
their embargo set, grades recorded or corrected, causes of concern and recommendations added,
recommendations' assessments and due dates changed, follow-up duties submitted or overdue.
Public events for everyone; a draft's and other private events for the inspectorate and the
force's own leaders. No event carries a force's progress narrative.

Events are listed in the order they were recorded (by `id`) once they are
{SETTLING.seconds} seconds old, so that one whose transaction commits late is never skipped.
To keep in step, follow `next` while there is one, then store `last_id` (or the `resume` link)
and ask again later with `?since=<last_id>`: an answer with nothing new is an empty page with
the same `last_id`."""


@extend_schema(description=_DESCRIPTION, responses=_RESPONSES)
class ChangeEventList(generics.ListAPIView):
    """What changed, for the caller's eyes, oldest first (see _DESCRIPTION)."""

    serializer_class = serializers.ChangeEventSerializer
    filterset_class = filters.ChangeEventFilter
    pagination_class = ChangePagination

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema, built with no database
            return ChangeEvent.objects.none()
        return (
            ChangeEvent.objects.visible_to(self.request.user)
            .settled(now=timezone.now())
            .described()
            .select_related("area")
        )


urlpatterns = [
    path("changes/", ChangeEventList.as_view(), name="change-list"),
]
