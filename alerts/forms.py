"""The shape of a follow: an address (or an account's), a force or a programme, how often."""

from django import forms
from django.utils.translation import gettext_lazy as _

from alerts.models import Frequency
from inspections.models import Force, Programme
from recommendations.forms import GovukForm


class _FollowFields(GovukForm):
    CLASSES = {**GovukForm.CLASSES, "email": "govuk-input"}

    force = forms.ModelChoiceField(
        label=_("Force"),
        queryset=Force.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label=_("No force"),
        error_messages={"invalid_choice": _("There is no such force: choose one from the list.")},
    )
    programme = forms.ModelChoiceField(
        label=_("Inspection programme"),
        queryset=Programme.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label=_("No programme"),
        error_messages={
            "invalid_choice": _("There is no such programme: choose one from the list.")
        },
    )
    frequency = forms.ChoiceField(
        label=_("How often"),
        choices=Frequency.choices,
        initial=Frequency.IMMEDIATE,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose how often: an email for each change or a weekly digest."),
            "invalid_choice": _("Choose how often: an email for each change or a weekly digest."),
        },
    )

    def __init__(self, *args, chosen=None, **kwargs):
        """`chosen` is the force or programme the page was opened for: it becomes hidden."""
        super().__init__(*args, **kwargs)
        if chosen is not None:
            name = "force" if isinstance(chosen, Force) else "programme"
            other = "programme" if name == "force" else "force"
            self.fields[name].widget = forms.HiddenInput()
            self.initial[name] = chosen.slug
            self.fields[other].widget = forms.HiddenInput()

    def clean(self):
        cleaned = super().clean()
        if "force" in cleaned and "programme" in cleaned:
            if (cleaned["force"] is None) == (cleaned["programme"] is None):
                raise forms.ValidationError(
                    _("Choose one force or one programme to follow, not both or neither."),
                    code="force_or_programme",
                )
        return cleaned


class FollowForm(_FollowFields):
    """Follow by email: the address first, then what and how often."""

    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        error_messages={
            "required": _("Enter your email address."),
            "invalid": _("Enter an email address in the correct format, like name@example.com"),
            "max_length": _("Email address: at most 254 characters."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    field_order = ["email", "force", "programme", "frequency"]


class AccountFollowForm(_FollowFields):
    """Follow with a signed-in account's own address."""


class FrequencyForm(GovukForm):
    """Change how often one follow is emailed."""

    frequency = _FollowFields.base_fields["frequency"]
