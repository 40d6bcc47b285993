"""Every admin page opens, and the inspection page edits the whole inspection in one place."""

import pytest
from django.contrib import admin
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_every_list_and_add_page_opens(admin_client, admin_user, rf):
    request = rf.get("/admin/")
    request.user = admin_user
    for model, model_admin in admin.site._registry.items():
        meta = model._meta
        # Records kept by the system (django-axes' sign-in attempts) have no add page.
        can_add = model_admin.has_add_permission(request)
        for view in ("changelist", "add") if can_add else ("changelist",):
            url = reverse(f"admin:{meta.app_label}_{meta.model_name}_{view}")
            assert admin_client.get(url).status_code == 200, url


def test_the_inspection_page_has_inlines_for_everything_it_holds(admin_client, gloucestershire):
    response = admin_client.get(
        reverse("admin:inspections_inspection_change", args=[gloucestershire.pk])
    )
    assert response.status_code == 200
    prefixes = {f.formset.prefix for f in response.context["inline_admin_formsets"]}
    assert {"judgments", "findings", "recommendations", "statistics", "other_figures"} <= prefixes
    forms = {f.formset.prefix: f.formset for f in response.context["inline_admin_formsets"]}
    assert forms["judgments"].total_form_count() == 5
    assert forms["statistics"].total_form_count() == 22
    assert forms["recommendations"].total_form_count() == 21  # 18 recommendations and 3 AFIs


def test_inline_choices_are_limited_to_the_inspections_programme(admin_client, gloucestershire):
    response = admin_client.get(
        reverse("admin:inspections_inspection_change", args=[gloucestershire.pk])
    )
    judgments = next(
        f.formset
        for f in response.context["inline_admin_formsets"]
        if f.formset.prefix == "judgments"
    )
    areas = judgments.forms[0].fields["area"].queryset
    assert set(areas.values_list("programme__slug", flat=True)) == {"ncpi"}


@pytest.mark.parametrize(
    "query",
    [
        "status__exact=published",
        "programme__id__exact=1",
        "force__region=South+West",
        "judgments__grade__name=Inadequate",
        "q=Gloucestershire",
    ],
)
def test_inspections_can_be_filtered_and_searched(admin_client, gloucestershire, query):
    if query.startswith("programme"):
        query = f"programme__id__exact={gloucestershire.programme_id}"
    response = admin_client.get(reverse("admin:inspections_inspection_changelist") + "?" + query)
    assert response.status_code == 200
    assert gloucestershire in response.context["cl"].result_list


def test_filtering_by_a_grade_lists_each_inspection_once(admin_client, gloucestershire):
    url = reverse("admin:inspections_inspection_changelist") + "?judgments__grade__name=Inadequate"
    results = list(admin_client.get(url).context["cl"].result_list)
    assert results.count(gloucestershire) == 1


def test_a_progress_update_cannot_be_edited_in_the_admin(admin_client, gloucestershire):
    from tests.factories import ProgressUpdateFactory

    recommendation = gloucestershire.recommendations.first()
    update = ProgressUpdateFactory(recommendation=recommendation)
    url = reverse("admin:recommendations_progressupdate_change", args=[update.pk])
    response = admin_client.post(url, {"narrative": "rewritten"})
    update.refresh_from_db()
    assert update.narrative == "Training plan agreed."
    assert response.status_code in (200, 403)
