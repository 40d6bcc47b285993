"""The shape of each tracking form, with a message per field; services check the rules."""

from django import forms
from django.utils import timezone
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from inspections.models import MonitoringStage
from inspections.validators import validate_web_address, web_address_errors
from recommendations import services, uploads
from recommendations.models import Acceptance, ForceStatus, VerificationStatus
from recommendations.wording import inspection_label


class GovukForm(forms.Form):
    """Give each widget its GOV.UK class, and point a field with an error at its message."""

    use_required_attribute = False  # errors come from the server, in the error summary
    CLASSES = {
        "text": "govuk-input",
        "url": "govuk-input",
        "date": "govuk-input govuk-input--width-10",
        "textarea": "govuk-textarea",
        "select": "govuk-select",
        "longselect": "govuk-select",
        "multiplefile": "govuk-file-upload",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for bound in self:
            css = self.CLASSES.get(bound.widget_type)
            if css:
                bound.field.widget.attrs["class"] = css

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name not in self.fields:
                continue
            bound, attrs = self[name], self.fields[name].widget.attrs
            if "class" in attrs:
                attrs["class"] += f" {attrs['class'].split()[0]}--error"
            described = [f"{bound.auto_id}-error"]
            if bound.help_text:
                described.insert(0, f"{bound.auto_id}_helptext")
            attrs["aria-describedby"] = " ".join(described)


class LongSelect(forms.Select):
    """A select written out in Python, as Django's templates write it: a busy force's tracker
    lists a hundred inspections, and a template per option cost more than the rest of the
    filters."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        html = [f'<select name="{conditional_escape(name)}"{_attributes(widget["attrs"])}>']
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                html.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
            html.extend(_option(option) for option in options)
            if group_name:
                html.append("\n  </optgroup>")
        html.append("\n</select>")
        return mark_safe("".join(html))


def _option(option: dict) -> str:
    value, label = conditional_escape(option["value"]), conditional_escape(option["label"])
    return f'\n  <option value="{value}"{_attributes(option["attrs"])}>{label}</option>\n'


def _attributes(attrs: dict) -> str:
    """HTML attributes as django/forms/widgets/attrs.html writes them: True as a bare name."""
    return "".join(
        f" {conditional_escape(name)}"
        if value is True
        else f' {conditional_escape(name)}="{conditional_escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _date_field(label, **kwargs) -> forms.DateField:
    return forms.DateField(
        label=label,
        widget=DateInput(),
        error_messages={
            "required": _("Enter the date."),
            "invalid": _("Enter a real date, for example 2025-06-30."),
        },
        **kwargs,
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked by the service, by content and size."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class ProgressUpdateForm(GovukForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    force_status = forms.ChoiceField(
        label=_("Status"),
        choices=ForceStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the status the work has reached.")},
    )
    narrative = forms.CharField(
        label=_("What has been done"),
        widget=forms.Textarea(attrs={"rows": 6}),
        validators=[services.NARRATIVE_TEXT],
        error_messages={"required": _("Describe the progress, or what the correction is.")},
    )
    effective_on = _date_field(_("Date the progress refers to"))
    acceptance = forms.ChoiceField(
        label=_("Has the force accepted this recommendation?"),
        choices=[("", _("Leave as it is")), *Acceptance.choices[1:]],
        required=False,
    )
    links = forms.CharField(
        label=_("Links to evidence (optional)"),
        help_text=_("One web address a line, starting https://"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=6000,
    )
    files = MultipleFileField(
        label=_("Evidence files (optional)"),
        help_text=_("%(types)s; at most 10 MB each, %(max)d files.")
        % {"types": uploads.ALLOWED_LABEL, "max": uploads.MAX_FILES},
        required=False,
    )

    def clean_links(self) -> list[str]:
        links = [line.strip() for line in self.cleaned_data["links"].splitlines() if line.strip()]
        bad = web_address_errors(links)
        if bad:
            raise forms.ValidationError(bad)
        return links

    @classmethod
    def initial_for(cls, recommendation) -> dict:
        return {
            "version": recommendation.version,
            "force_status": recommendation.force_status,
            "effective_on": timezone.localdate(),
        }


class VerificationForm(GovukForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    verification_status = forms.ChoiceField(
        label=_("Assessment"),
        choices=[
            (VerificationStatus.MET, _("Met: accept the force's claim")),
            (VerificationStatus.NOT_MET, _("Not met")),
            (VerificationStatus.SUPERSEDED, _("Superseded by a later inspection")),
            (VerificationStatus.CLOSED, _("Closed (administrative)")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose met, not met, superseded or closed.")},
    )
    comment = forms.CharField(
        label=_("Comment"),
        widget=forms.Textarea(attrs={"rows": 5}),
        validators=[services.COMMENT_TEXT],
        error_messages={"required": _("Give the reason for the assessment.")},
    )


class DueDateRevisionForm(GovukForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    new_due_date = _date_field(_("New due date"))
    reason = forms.CharField(
        label=_("Reason for the change"),
        widget=forms.Textarea(attrs={"rows": 4}),
        validators=[services.REASON_TEXT],
        error_messages={"required": _("A due date can be revised only with a reason.")},
    )


class DutySubmittedForm(GovukForm):
    submitted_on = _date_field(_("Date submitted"))
    url = forms.CharField(
        label=_("Link to it"),
        widget=forms.URLInput,
        validators=[validate_web_address],
        error_messages={"required": _("Enter a link to it.")},
    )


class MonitoringStageForm(GovukForm):
    stage = forms.ChoiceField(
        label=_("Stage"),
        choices=MonitoringStage.Stage.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose scan or engage.")},
    )
    started_on = _date_field(_("Start date"))
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 4}),
        validators=[services.REASON_TEXT],
        error_messages={"required": _("Say why the force is at this stage.")},
    )


STATUS_CHOICES = [
    ("", _("Any status")),
    (_("Force reports"), ForceStatus.choices),
    (_("Inspectorate"), VerificationStatus.choices),
]


class TrackerFilterForm(GovukForm):
    """The tracker's filters; the same ones choose the rows of its CSV and Excel exports."""

    inspection = forms.ChoiceField(label=_("Inspection"), required=False, widget=LongSelect)
    status = forms.ChoiceField(
        label=_("Status"), choices=STATUS_CHOICES, required=False, widget=LongSelect
    )
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)

    def __init__(self, *args, inspections, **kwargs):
        super().__init__(*args, **kwargs)
        self.inspections = {i.slug: i for i in inspections}
        self.fields["inspection"].choices = [
            ("", _("All inspections")),
            *((i.slug, inspection_label(i)) for i in inspections),
        ]
        self.fields["inspection"].error_messages["invalid_choice"] = _(
            "“%(value)s” is not one of this force's inspections."
        )
        self.fields["status"].error_messages["invalid_choice"] = _("“%(value)s” is not a status.")

    def filters(self) -> dict:
        """The selector's keyword arguments; an unbound form means no filter."""
        if not self.is_bound:
            return {"inspection": None, "status": "", "overdue_only": False}
        data = self.cleaned_data
        return {
            "inspection": self.inspections.get(data["inspection"]),
            "status": data["status"],
            "overdue_only": data["overdue"],
        }
