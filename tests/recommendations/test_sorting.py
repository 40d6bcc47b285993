"""The tracker and the tracking list sort by any column on the server, so sorting works
without JavaScript; the export follows the order on screen."""

import csv
import datetime
import io
import re

import pytest
from django.urls import reverse

from recommendations.models import Recommendation

pytestmark = pytest.mark.django_db


def _dues(gloucestershire) -> list:
    """Give the Gloucestershire recommendations a spread of due dates, a few left unset."""
    dates = []
    for i, r in enumerate(Recommendation.objects.filter(inspection=gloucestershire)):
        due = None if i % 5 == 0 else datetime.date(2025, 1 + i % 12, 1 + i)
        Recommendation.objects.filter(pk=r.pk).update(due_date=due)
        dates.append(due)
    return dates


def _row_ids(body: str) -> list[int]:
    table = body[body.index('id="tracker"') :]
    return [int(pk) for pk in re.findall(r'id="recommendation-(\d+)"', table)]


@pytest.mark.parametrize("order", ["asc", "desc"])
def test_my_force_sorts_by_due_date_with_not_set_lowest(
    client, force_leader, gloucestershire, order
):
    _dues(gloucestershire)
    client.force_login(force_leader)

    response = client.get(reverse("recommendations:my_force"), {"sort": "due", "order": order})

    assert response.status_code == 200
    due = dict(Recommendation.objects.values_list("pk", "due_date"))
    shown = [due[pk] for pk in _row_ids(response.content.decode())]
    unset = [d for d in shown if d is None]
    known = [d for d in shown if d is not None]
    assert len(unset) >= 1 and len(known) >= 5
    if order == "asc":
        assert shown == unset + sorted(known)
    else:
        assert shown == sorted(known, reverse=True) + unset
    body = response.content.decode()
    state = "ascending" if order == "asc" else "descending"
    assert re.search(
        rf'aria-sort="{state}"><a class="govuk-link app-sort-link" href="\?sort=due&amp;order=',
        body,
    )
    assert body.count('aria-sort="none"') == 5


def test_the_tracker_keeps_its_filters_in_the_sort_links_and_its_export_follows_the_sort(
    client, inspector, gloucestershire
):
    _dues(gloucestershire)
    client.force_login(inspector)
    url = reverse("recommendations:force", args=["gloucestershire"])

    page = client.get(url, {"overdue": "on", "sort": "due", "order": "desc"}).content.decode()
    export = client.get(
        reverse("recommendations:export_csv", args=["gloucestershire"]),
        {"sort": "due", "order": "desc"},
    )

    assert 'href="?overdue=on&amp;sort=due&amp;order=asc#tracker"' in page
    rows = list(csv.DictReader(io.StringIO(export.getvalue().decode("utf-8-sig"))))
    dues = [row["Due date"] for row in rows]
    known = [d for d in dues if d]
    assert len(known) >= 5 and dues == sorted(known, reverse=True) + [""] * (len(dues) - len(known))


def test_the_tracking_list_sorts_forces_by_their_open_count(client, inspector, gloucestershire):
    client.force_login(inspector)

    response = client.get(reverse("recommendations:forces"), {"sort": "open", "order": "desc"})

    summaries = response.context["summaries"]
    assert [s.open for s in summaries] == sorted((s.open for s in summaries), reverse=True)
    assert 'aria-sort="descending"' in response.content.decode()


def test_an_unknown_sort_leaves_the_tracker_in_its_own_order(client, force_leader, gloucestershire):
    client.force_login(force_leader)
    url = reverse("recommendations:my_force")

    plain = _row_ids(client.get(url).content.decode())
    odd = client.get(url, {"sort": "<script>", "order": "up"})

    assert odd.status_code == 200
    assert _row_ids(odd.content.decode()) == plain
    assert 'aria-sort="ascending"' not in odd.content.decode()
