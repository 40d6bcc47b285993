"""The admin turns broken rules into readable messages on the form, and writes nothing."""

import datetime

import pytest
from django.forms import CheckboxInput, MultiWidget
from django.urls import reverse

from findings.models import CaseFileStatistic
from inspections.models import Grade, GradeScale, Inspection, Judgment
from tests.factories import InspectionFactory, area, grade, peel

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_admin(client, admin_user):
    """A client signed in as a superuser."""
    client.force_login(admin_user)
    return client


def assert_refused_with(response, message):
    """The form comes back (no redirect) with the message on it."""
    assert response.status_code == 200
    assert "Please correct the error" in response.text
    assert message in response.text


# Judgments


def test_a_valid_judgment_added_in_the_admin_is_saved(as_admin):
    inspection = InspectionFactory()

    response = as_admin.post(
        reverse("admin:inspections_judgment_add"),
        {
            "inspection": inspection.pk,
            "area": area("leadership").pk,
            "grade": grade("good").pk,
        },
    )

    assert response.status_code == 302
    assert inspection.judgments.get().grade == grade("good")


def test_the_judgment_form_refuses_a_second_judgment_for_an_area(as_admin, gloucestershire):
    before = Judgment.objects.count()

    response = as_admin.post(
        reverse("admin:inspections_judgment_add"),
        {
            "inspection": gloucestershire.pk,
            "area": area("leadership").pk,
            "grade": grade("good").pk,
        },
    )

    assert_refused_with(response, "Area: this inspection already has a judgment for this area.")
    assert Judgment.objects.count() == before


def test_the_judgment_form_refuses_a_grade_off_the_programmes_scale(as_admin):
    inspection = InspectionFactory()
    pass_or_fail = GradeScale.objects.create(name="Pass or fail", slug="pass-or-fail")
    passed = Grade.objects.create(scale=pass_or_fail, slug="pass", name="Pass", score=1)

    response = as_admin.post(
        reverse("admin:inspections_judgment_add"),
        {
            "inspection": inspection.pk,
            "area": area("leadership").pk,
            "grade": passed.pk,
        },
    )

    assert_refused_with(
        response, "“Pass” is not on the National child protection inspection grade scale."
    )
    assert not inspection.judgments.exists()


def test_the_inspection_page_adds_a_judgment_for_a_new_area(as_admin):
    inspection = InspectionFactory()
    url = reverse("admin:inspections_inspection_change", args=[inspection.pk])
    data = change_page_data(as_admin, url)
    add_inline_form(data, "judgments", area=area("leadership").pk, grade=grade("good").pk)

    response = as_admin.post(url, data)

    assert response.status_code == 302
    assert inspection.judgments.get().area == area("leadership")


def test_the_inspection_page_refuses_a_second_judgment_for_an_area(as_admin, gloucestershire):
    url = reverse("admin:inspections_inspection_change", args=[gloucestershire.pk])
    data = change_page_data(as_admin, url)
    add_inline_form(data, "judgments", area=area("leadership").pk, grade=grade("good").pk)

    response = as_admin.post(url, data)

    # Inline forms leave out the inspection, so Django's formset check for duplicates between
    # its forms answers before the constraint's own message can.
    assert_refused_with(response, "Please correct the duplicate data for area.")
    assert "Please correct the duplicate values below." in response.text
    assert gloucestershire.judgments.count() == 5


# Case-file statistics


def statistic(inspection, **changes) -> dict:
    return {
        "inspection": inspection.pk,
        "area": area("investigation").pk,
        "numerator": 25,
        "denominator": 48,
        "about": "case files where the voice of the child was absent",
        "polarity": "worse",
        "position": 0,
        **changes,
    }


def test_the_statistic_form_refuses_a_numerator_above_the_denominator(as_admin):
    inspection = InspectionFactory()
    url = reverse("admin:findings_casefilestatistic_add")

    response = as_admin.post(url, statistic(inspection, numerator=49))

    assert_refused_with(response, "Numerator: the numerator cannot exceed the denominator.")
    assert not CaseFileStatistic.objects.filter(inspection=inspection).exists()
    assert as_admin.post(url, statistic(inspection)).status_code == 302


def test_the_statistic_form_refuses_an_area_of_another_programme(as_admin):
    inspection = InspectionFactory()
    peel_area = area("investigating_crime", peel())

    response = as_admin.post(
        reverse("admin:findings_casefilestatistic_add"), statistic(inspection, area=peel_area.pk)
    )

    assert_refused_with(
        response,
        f"“{peel_area}” is not an area of the National child protection inspection programme.",
    )
    assert not CaseFileStatistic.objects.filter(inspection=inspection).exists()


# Publication

NO_PUBLISHED_DATE = "Published date: a published inspection must have a published date."


def test_the_inspection_page_saves_an_unchanged_inspection(as_admin, gloucestershire):
    url = reverse("admin:inspections_inspection_change", args=[gloucestershire.pk])

    response = as_admin.post(url, change_page_data(as_admin, url))

    assert response.status_code == 302


def test_a_published_inspection_needs_a_published_date(as_admin, gloucestershire):
    url = reverse("admin:inspections_inspection_change", args=[gloucestershire.pk])
    data = change_page_data(as_admin, url)
    assert data["status"] == Inspection.Status.PUBLISHED
    data["published"] = ""

    response = as_admin.post(url, data)

    assert_refused_with(response, NO_PUBLISHED_DATE)
    gloucestershire.refresh_from_db()
    assert gloucestershire.published == datetime.date(2025, 5, 21)


def test_a_draft_is_published_only_with_a_published_date(as_admin):
    draft = InspectionFactory(status=Inspection.Status.DRAFT, published=None)
    url = reverse("admin:inspections_inspection_change", args=[draft.pk])
    data = change_page_data(as_admin, url)
    data["status"] = Inspection.Status.PUBLISHED

    response = as_admin.post(url, data)

    assert_refused_with(response, NO_PUBLISHED_DATE)
    draft.refresh_from_db()
    assert draft.status == Inspection.Status.DRAFT


def test_a_date_known_to_the_month_must_be_the_first_of_the_month(as_admin, gloucestershire):
    url = reverse("admin:inspections_inspection_change", args=[gloucestershire.pk])
    data = change_page_data(as_admin, url)
    data["published_precision"] = Inspection.Precision.MONTH

    response = as_admin.post(url, data)

    assert_refused_with(
        response,
        "Published date: a date known only to the month or year must be stored as the first "
        "day of that month or year.",
    )
    gloucestershire.refresh_from_db()
    assert gloucestershire.published_precision == Inspection.Precision.DAY


# Posting a change page as the browser would


def change_page_data(client, url) -> dict:
    """GET an admin change page and return what its form would post, inlines included."""
    response = client.get(url)
    assert response.status_code == 200
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms += [inline.formset.management_form, *inline.formset.forms]
    return {key: value for form in forms for field in form for key, value in _posted(field)}


def add_inline_form(data: dict, prefix: str, **fields) -> None:
    """Add one more form to an inline formset, as the 'Add another' link does."""
    index = int(data[f"{prefix}-TOTAL_FORMS"])
    data[f"{prefix}-TOTAL_FORMS"] = str(index + 1)
    data.update({f"{prefix}-{index}-{name}": str(value) for name, value in fields.items()})


def _posted(bound_field):
    """Yield (name, value) pairs as the browser would post the field's current value."""
    widget, value, name = bound_field.field.widget, bound_field.value(), bound_field.html_name
    if isinstance(widget, MultiWidget):  # the split date and time of a DateTimeField
        parts = value if isinstance(value, list) else widget.decompress(value)
        for suffix, part in zip(widget.widgets_names, parts, strict=True):
            yield name + suffix, _text(part)
    elif isinstance(widget, CheckboxInput):
        if value:  # an unticked box is not posted at all
            yield name, "on"
    elif isinstance(value, list | tuple):
        yield name, [_text(item) for item in value]
    else:
        yield name, _text(value)


def _text(value) -> str:
    return "" if value is None else str(value)
