"""Query-string filters for the changes API: where to resume, and whose changes."""

import datetime

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from changes.models import ChangeEvent, ChangeKind
from config import api
from inspections.models import AssessmentArea, Force, Programme


class _SinceField(forms.CharField):
    """An event's id, or a moment (without a zone, UK time)."""

    default_error_messages = {
        "invalid": _(
            "Enter the id of an event (an earlier answer's last_id), or an ISO 8601 date and "
            "time such as 2026-12-01T09:30:00Z."
        ),
    }

    def to_python(self, value) -> int | datetime.datetime | None:
        value = super().to_python(value)
        if not value:
            return None
        if api.ID.fullmatch(value):
            return int(value)
        try:
            moment = parse_datetime(value)
            if moment is not None and timezone.is_naive(moment):
                moment = timezone.make_aware(moment)
            if moment is not None:
                moment.astimezone(datetime.UTC)  # a moment out of range in UTC is refused
        except (ValueError, OverflowError):
            moment = None
        if moment is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return moment


class _KnownSlugField(forms.CharField):
    """A slug that must name at least one row of the queryset: the ids of those it names."""

    def __init__(self, *, queryset, unknown: str, **kwargs):
        super().__init__(**kwargs)
        self.queryset, self.unknown = queryset, unknown

    def clean(self, value) -> list[int] | None:
        slug = super().clean(value)
        if not slug:
            return None
        ids = list(self.queryset.filter(slug=slug).values_list("pk", flat=True))
        if not ids:
            raise ValidationError(self.unknown, code="unknown", params={"value": slug})
        return ids


class KnownSlugFilter(django_filters.CharFilter):
    """A slug of the model's rows; one that names nothing is a 400 naming it, rather than an
    empty list forever."""

    field_class = _KnownSlugField

    def __init__(self, relation: str, model, *, unknown: str, help_text: str):
        super().__init__(
            field_name=f"{relation}__slug",  # what the schema reads; filtered by id below
            queryset=model.objects.all(),
            unknown=unknown,
            help_text=help_text,
        )
        self.relation = relation

    def filter(self, queryset, ids: list[int] | None):
        # By id, not by a join on the slug: the id order of the log is then read directly.
        return queryset if ids is None else queryset.filter(**{f"{self.relation}__in": ids})


class SinceFilter(django_filters.Filter):
    """An event's id or a moment; one that is neither is a 400 saying what to give."""

    field_class = _SinceField


class _KindsField(django_filters.fields.MultipleChoiceField):
    def clean(self, value):
        return super().clean([kind for kind in value or () if kind])


class KindsFilter(django_filters.MultipleChoiceFilter):
    """Kinds, `kind` repeated; an empty `kind=` filters nothing, as every empty filter does."""

    field_class = _KindsField


class ChangeEventFilter(api.FilterSet):
    since = SinceFilter(
        method="filter_since",
        help_text=_(
            "Only events after this one: the `last_id` of an earlier answer (what `resume` "
            "carries), or an ISO 8601 date and time, for events that happened after it (without "
            "a zone, UK time)."
        ),
    )
    force = KnownSlugFilter(
        "force", Force, unknown=_("No force has the slug “%(value)s”."), help_text=_("Force slug.")
    )
    programme = KnownSlugFilter(
        "programme",
        Programme,
        unknown=_("No programme has the slug “%(value)s”."),
        help_text=_("Programme slug."),
    )
    area = KnownSlugFilter(
        "area",
        AssessmentArea,
        unknown=_("No assessment area has the slug “%(value)s”."),
        help_text=_("Assessment area slug, in any programme."),
    )
    kind = KindsFilter(
        choices=ChangeKind.choices,
        distinct=False,
        help_text=_("One kind of change or more: repeat `kind`."),
    )

    class Meta:
        model = ChangeEvent
        fields = ["since", "force", "programme", "area", "kind"]

    def filter_since(self, queryset, name, value: int | datetime.datetime):
        if isinstance(value, int):
            return queryset.filter(pk__gt=value)
        return queryset.filter(happened_at__gt=value)
