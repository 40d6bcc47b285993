"""Filters of the dashboard pages: checked like any other input."""

from django import forms
from django.core.exceptions import ValidationError

from dashboards.figures import GRADE_NAMES, GRADE_ORDER
from inspections.models import Force, Programme


class OverviewFilterForm(forms.Form):
    programme = forms.ModelChoiceField(
        queryset=Programme.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=None,
    )
    region = forms.ChoiceField(required=False)
    area = forms.ChoiceField(required=False)
    grade = forms.ChoiceField(
        required=False, choices=[("", "Any grade"), *((g, GRADE_NAMES[g]) for g in GRADE_ORDER)]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        regions = sorted(set(Force.objects.values_list("region", flat=True)))
        self.fields["region"].choices = [("", "All regions"), *((r, r) for r in regions)]
        self.fields["area"].choices = [("", "All areas")] + [
            (area.slug, f"{area.name} ({programme.short_name})")
            for programme in self.fields["programme"].queryset.prefetch_related("areas")
            for area in programme.areas.all()
        ]

    def clean(self):
        data = super().clean()
        programme, area = data.get("programme"), data.get("area")
        if programme and area and not programme.areas.filter(slug=area).exists():
            raise ValidationError({"area": f"That area is not one of the {programme.name}'s."})
        return data


class CompareForm(forms.Form):
    """Two to six forces, by slug: ?forces=a,b,c (or the form's repeated checkboxes)."""

    forces = forms.ModelMultipleChoiceField(
        queryset=Force.objects.all(),
        to_field_name="slug",
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": "“%(value)s” is not a force we know.",
            "required": "Choose two to six forces.",
        },
    )
    programme = forms.ModelChoiceField(
        queryset=Programme.objects.all(), to_field_name="slug", required=False, empty_label=None
    )

    def __init__(self, data=None, **kwargs):
        if data is not None:
            data = data.copy()
            slugs = [s.strip() for v in data.getlist("forces") for s in v.split(",") if s.strip()]
            data.setlist("forces", slugs)
        super().__init__(data, **kwargs)

    def clean_forces(self):
        forces = self.cleaned_data["forces"]
        if not 2 <= len(forces) <= 6:
            raise ValidationError(f"Choose two to six forces, not {len(forces)}.")
        return forces
