"""Names for the admin's form fields that have no label of their own, so screen readers and
axe find every field named: the fields of a tabular inline sit under column headers, and a
date-and-time field's two boxes share one label that points at neither."""

from django import forms
from django.contrib import admin
from django.db import models
from django.forms import MultiWidget, Widget
from django.forms.models import BaseInlineFormSet


def name_widget(widget: Widget, label: str) -> None:
    """Give a widget (each box of a split one) an aria-label, unless it has one already."""
    inner = getattr(widget, "widget", widget)  # the admin wraps relations with add/change links
    if isinstance(inner, MultiWidget):
        for part, box in zip(inner.widgets, ("date", "time"), strict=False):
            part.attrs.setdefault("aria-label", f"{label}: {box}")
        return
    inner.attrs.setdefault("aria-label", label)


class LabelledInlineFormSet(BaseInlineFormSet):
    """An inline formset whose every field, the delete box included, is named."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        for name, field in form.fields.items():
            name_widget(field.widget, str(field.label or name).capitalize())


class LabelledTabularInline(admin.TabularInline):
    """Django's tabular inline, with its fields named for assistive technology."""

    formset = LabelledInlineFormSet


# Many-to-many fields as labelled checkboxes: Django's two-box filter widget (filter_horizontal)
# names its search icons with an aria-label that a plain <span> may not carry.
CHECKBOXES = {models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple}}
