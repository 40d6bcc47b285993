"""Filters of the dashboard pages: checked like any other input."""

from django import forms
from django.core.exceptions import ValidationError
from django.forms import BoundField
from django.utils.translation import gettext, gettext_lazy

from dashboards.figures import GRADE_NAMES, GRADE_ORDER
from inspections.models import Force, Programme


class OverviewFilterForm(forms.Form):
    programme = forms.ChoiceField(
        label=gettext_lazy("Programme"),
        required=False,
        error_messages={
            "invalid_choice": forms.ModelChoiceField.default_error_messages["invalid_choice"]
        },
    )
    region = forms.ChoiceField(label=gettext_lazy("Region"), required=False)
    area = forms.ChoiceField(label=gettext_lazy("Area"), required=False)
    grade = forms.ChoiceField(
        label=gettext_lazy("Grade"),
        required=False,
        choices=[("", gettext_lazy("Any grade")), *((g, GRADE_NAMES[g]) for g in GRADE_ORDER)],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Read once: the choices, the checks and the page all use these programmes and areas.
        self.programmes = {p.slug: p for p in Programme.objects.prefetch_related("areas")}
        self.fields["programme"].choices = [(p.slug, str(p)) for p in self.programmes.values()]
        regions = sorted(set(Force.objects.values_list("region", flat=True)))
        self.fields["region"].choices = [("", gettext("All regions")), *((r, r) for r in regions)]
        self.fields["area"].choices = [("", gettext("All areas"))] + [
            (area.slug, f"{area.name} ({programme.short_name})")
            for programme in self.programmes.values()
            for area in programme.areas.all()
        ]

    def clean_programme(self) -> Programme | None:
        slug = self.cleaned_data["programme"]
        return self.programmes[slug] if slug else None

    def clean(self):
        data = super().clean()
        programme, area = data.get("programme"), data.get("area")
        if programme and area and area not in {a.slug for a in programme.areas.all()}:
            raise ValidationError(
                {
                    "area": gettext("That area is not one of the %(programme)s's.")
                    % {"programme": programme.name}
                }
            )
        return data

    def selects(self) -> list[tuple[BoundField, list[tuple[str, str, bool]]]]:
        """Each filter with its options as (value, label, chosen), ready for a <select>."""
        selects = []
        for field in self:
            current = str(field.value())
            options = [
                (value, label, str(value) == current) for value, label in field.field.choices
            ]
            selects.append((field, options))
        return selects

    def active_filters(self) -> list[tuple[str, str]]:
        """The filters in force as (name, value) in their own words and case, e.g.
        ("Programme", "PEEL 2023–25"), ("Grade", "Inadequate"); empty if none."""
        if not self.is_bound or not self.is_valid():
            return []
        active = []
        for name in ("programme", "region", "area", "grade"):
            value = self.data.get(name, "")
            if value:
                label = dict(self.fields[name].choices).get(value, value)
                active.append((str(self.fields[name].label), str(label)))
        return active

    def default_programme(self) -> Programme:
        """The child protection inspection: what the overview shows unless told otherwise."""
        if "ncpi" not in self.programmes:
            raise Programme.DoesNotExist("No programme has the slug 'ncpi'.")
        return self.programmes["ncpi"]


class CompareForm(forms.Form):
    """Two to six forces, by slug: ?forces=a,b,c (or the form's repeated checkboxes)."""

    forces = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Forces"),
        queryset=Force.objects.all(),
        to_field_name="slug",
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": gettext_lazy("“%(value)s” is not a force we know."),
            "required": gettext_lazy("Choose two to six forces."),
        },
    )
    programme = forms.ModelChoiceField(
        label=gettext_lazy("Programme"),
        queryset=Programme.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=None,
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
            raise ValidationError(
                gettext("Choose two to six forces, not %(n)d.") % {"n": len(forces)}
            )
        return forces
