"""The change log in the admin: listed, filtered and searched, never added to or edited."""

import pytest
from django.urls import reverse

from changes.models import ChangeEvent

pytestmark = pytest.mark.django_db
LIST = reverse("admin:changes_changeevent_changelist")


@pytest.fixture
def event(gloucestershire) -> ChangeEvent:
    return ChangeEvent.objects.filter(inspection=gloucestershire).first()


@pytest.mark.parametrize(
    "query",
    ["", "kind__exact=inspection_published", "visibility__exact=public", "q=Gloucestershire"],
)
def test_events_can_be_listed_filtered_and_searched_by_force(admin_client, event, query):
    response = admin_client.get(f"{LIST}?{query}")
    assert response.status_code == 200
    assert event in response.context["cl"].result_list


def test_searching_for_another_force_leaves_the_event_out(admin_client, event):
    response = admin_client.get(f"{LIST}?q=Cumbria")
    assert event not in response.context["cl"].result_list


def test_an_event_is_shown_but_cannot_be_added_changed_or_deleted(admin_client, event):
    page = reverse("admin:changes_changeevent_change", args=[event.pk])
    response = admin_client.get(page)
    assert response.status_code == 200
    assert not response.context["has_change_permission"]
    assert admin_client.get(reverse("admin:changes_changeevent_add")).status_code == 403
    delete = reverse("admin:changes_changeevent_delete", args=[event.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    admin_client.post(page, {"kind": "grade_corrected", "visibility": "inspectorate_and_force"})
    assert ChangeEvent.objects.get(pk=event.pk).kind == event.kind
