"""Forms of the report import: the upload, and the preview where an admin corrects items."""

import math

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils.translation import gettext, gettext_lazy

from inspections.importer.read import MAX_REPORT_BYTES

SIGNING_SALT = "inspections.report-import"
FINDING_KEYS = {
    "causes_of_concern": gettext_lazy("Causes of concern"),
    "areas_for_improvement": gettext_lazy("Areas for improvement"),
    "main_findings": gettext_lazy("Main findings"),
    "case_studies": gettext_lazy("Case studies"),
    "promising_practice": gettext_lazy("Promising practice"),
}
# The sections of numbers: their key in the preview's field names, and the record's list.
NUMBER_KEYS = {"stat": "case_file_statistics", "figure": "other_figures"}
# Every section an admin can tick or untick at once: the findings, then the numbers.
SECTION_KEYS = {
    **FINDING_KEYS,
    "stat": gettext_lazy("Case-file statistics"),
    "figure": gettext_lazy("Other figures"),
}


class ReportUploadForm(forms.Form):
    report = forms.FileField(
        label=gettext_lazy("Report"),
        help_text=gettext_lazy(
            "The published report as plain text (.txt), the web page (.html) or a PDF."
        ),
    )

    def clean_report(self):
        report = self.cleaned_data["report"]
        if report.size == 0:
            raise ValidationError(gettext("The file is empty."))
        if report.size > MAX_REPORT_BYTES:
            raise ValidationError(
                gettext("The file is %(size)s bytes: reports over %(limit)s bytes are refused.")
                % {"size": f"{report.size:,}", "limit": f"{MAX_REPORT_BYTES:,}"}
            )
        return report


class GradesUploadForm(forms.Form):
    table = forms.FileField(
        label=gettext_lazy("Table"),
        help_text=gettext_lazy("A CSV (UTF-8) or Excel (.xlsx) file, header row first."),
    )


class ReportPreviewForm(forms.Form):
    """One field per extracted item: a tick to keep it, and the values an admin may correct."""

    record = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, record: dict, forces, grades, areas, themes, **kwargs):
        super().__init__(*args, **kwargs)
        self.source = record
        self.area_names = {area.slug: area.name for area in areas}
        self.grade_names = {grade.slug: grade.name for grade in grades}
        self.fields["record"].initial = signing.dumps(record, salt=SIGNING_SALT, compress=True)
        self.fields["force"] = forms.ModelChoiceField(
            queryset=forces, label=gettext("Force"), empty_label=gettext("Choose a force")
        )
        self.fields["published"] = forms.DateField(
            label=gettext("Published"),
            initial=record.get("published") or None,
            required=False,
            help_text=gettext("YYYY-MM-DD")
            if record.get("published")
            else gettext(
                "The report gives no published date: enter it here, or leave it empty to keep "
                "an undated draft. Publishing will need it."
            ),
        )
        grade_choices = [("", gettext("Not known")), *((g.slug, g.name) for g in grades)]
        for area in areas:
            self.fields[f"grade__{area.slug}"] = forms.ChoiceField(
                label=area.name,
                choices=grade_choices,
                required=False,
                initial=record.get("judgments", {}).get(area.slug, ""),
            )
        theme_choices = [(t.slug, t.name) for t in themes]
        for key in FINDING_KEYS:
            for i, item in enumerate(record.get(key, [])):
                self.fields[f"keep__{key}__{i}"] = forms.BooleanField(
                    required=False, initial=True, label=item.get("title", "")
                )
                self.fields[f"themes__{key}__{i}"] = forms.MultipleChoiceField(
                    choices=theme_choices,
                    required=False,
                    initial=item.get("themes", []),
                    widget=forms.CheckboxSelectMultiple,
                    label=gettext("Themes"),
                )
                for j, text in enumerate(item.get("recommendations", [])):
                    self.fields[f"keep__rec__{key}__{i}__{j}"] = forms.BooleanField(
                        required=False, initial=True, label=gettext("Keep")
                    )
                    self.fields[f"text__rec__{key}__{i}__{j}"] = forms.CharField(
                        initial=text,
                        widget=forms.Textarea(attrs={"rows": _rows_for(text), "cols": 80}),
                        label=gettext("Recommendation %(n)d") % {"n": j + 1},
                    )
        for i, stat in enumerate(record.get("case_file_statistics", [])):
            self.fields[f"keep__stat__{i}"] = forms.BooleanField(required=False, initial=True)
            self.fields[f"numerator__stat__{i}"] = forms.IntegerField(
                min_value=0, initial=stat.get("numerator"), label=gettext("Numerator")
            )
            self.fields[f"denominator__stat__{i}"] = forms.IntegerField(
                min_value=1, initial=stat.get("denominator"), label=gettext("Denominator")
            )
        for i, _ in enumerate(record.get("other_figures", [])):
            self.fields[f"keep__figure__{i}"] = forms.BooleanField(required=False, initial=True)

    @staticmethod
    def section_keep_names(record: dict, section: str) -> list[str]:
        """The names of the ticks that keep a section's items (and a cause's recommendations)."""
        if section in NUMBER_KEYS:
            items = record.get(NUMBER_KEYS[section], [])
            return [f"keep__{section}__{i}" for i in range(len(items))]
        names = []
        for i, item in enumerate(record.get(section, []) if section in FINDING_KEYS else []):
            names.append(f"keep__{section}__{i}")
            names += [
                f"keep__rec__{section}__{i}__{j}"
                for j in range(len(item.get("recommendations", [])))
            ]
        return names

    def clean_record(self):
        record = load_signed_record(self.cleaned_data["record"])
        if record is None:
            raise ValidationError(
                gettext("The preview was altered or is out of date: upload the report again.")
            )
        return record

    def clean(self):
        data = super().clean()
        for i, _ in enumerate(self.source.get("case_file_statistics", [])):
            numerator = data.get(f"numerator__stat__{i}")
            denominator = data.get(f"denominator__stat__{i}")
            if None not in (numerator, denominator) and numerator > denominator:
                self.add_error(
                    f"numerator__stat__{i}", gettext("The numerator cannot exceed the denominator.")
                )
        return data

    def corrected_record(self) -> dict:
        """The record with unticked items left out and corrections applied."""
        data, record = self.cleaned_data, dict(self.cleaned_data["record"])
        record["force"] = data["force"].name
        record["published"] = data["published"].isoformat() if data["published"] else ""
        record["judgments"] = {
            name.split("__", 1)[1]: value
            for name, value in data.items()
            if name.startswith("grade__") and value
        }
        for key in FINDING_KEYS:
            kept = []
            for i, item in enumerate(record.get(key, [])):
                if not data.get(f"keep__{key}__{i}"):
                    continue
                item = {**item, "themes": data.get(f"themes__{key}__{i}", [])}
                if "recommendations" in item:
                    item["recommendations"] = [
                        data[f"text__rec__{key}__{i}__{j}"]
                        for j in range(len(item["recommendations"]))
                        if data.get(f"keep__rec__{key}__{i}__{j}")
                    ]
                kept.append(item)
            record[key] = kept
        record["case_file_statistics"] = [
            {
                **stat,
                "numerator": data[f"numerator__stat__{i}"],
                "denominator": data[f"denominator__stat__{i}"],
            }
            for i, stat in enumerate(record.get("case_file_statistics", []))
            if data.get(f"keep__stat__{i}")
        ]
        record["other_figures"] = [
            figure
            for i, figure in enumerate(record.get("other_figures", []))
            if data.get(f"keep__figure__{i}")
        ]
        return record


def _rows_for(text: str) -> int:
    """Enough rows for a text box to show the whole text at about 70 characters a row."""
    return max(2, math.ceil(len(text) / 70) + 1)


def load_signed_record(value: str) -> dict | None:
    """The record a preview carried, or None if it was altered."""
    try:
        return signing.loads(value, salt=SIGNING_SALT)
    except signing.BadSignature:
        return None
