"""Admin screens of the report import: upload, preview and correct, then create the draft."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from findings.models import Theme
from inspections.forms import (
    FINDING_KEYS,
    NUMBER_KEYS,
    SECTION_KEYS,
    GradesUploadForm,
    ReportPreviewForm,
    ReportUploadForm,
    load_signed_record,
)
from inspections.grades_import import COLUMNS, OPTIONAL, import_grades, read_grade_file
from inspections.importer.store import find_programme
from inspections.models import Force
from inspections.services import import_report, parse_uploaded_report


def import_view(model_admin, request):
    """Upload a report (GET, or POST with a file), or confirm a corrected preview (POST)."""
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": "Import a published report",
        "is_nav_sidebar_enabled": False,  # the preview needs the page's whole width
    }
    if request.method == "POST" and "record" in request.POST:
        return _confirm(model_admin, request, context)
    form = ReportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["report"]
        try:
            parsed = parse_uploaded_report(data=upload.read(), filename=upload.name)
        except ValidationError as error:
            form.add_error("report", error)
        else:
            # The preview carries every warning, so each re-render can list them all.
            record = {**parsed.record, "warnings": parsed.warnings}
            preview = _preview_form(record, initial_force=parsed.force)
            return _render_preview(request, context, preview)
    return TemplateResponse(
        request, "admin/inspections/import_upload.html", {**context, "form": form}
    )


def _confirm(model_admin, request, context):
    record = load_signed_record(request.POST["record"])
    if record is None:
        messages.error(
            request, "The preview was altered or is out of date: upload the report again."
        )
        return redirect(reverse("admin:inspections_inspection_import"))
    # A section's tick-all button, or the summary's update button (the first in the form, so
    # Enter in a field updates the preview rather than creating the draft): never a confirmation.
    if "section_action" in request.POST:
        verb, _, section = request.POST["section_action"].partition(":")
        data = request.POST
        if verb in ("select", "clear") and section in SECTION_KEYS:
            data = _with_section_ticked(data, record, section, tick=verb == "select")
        return _render_preview(request, context, _preview_form(record, data=data), section)
    preview = _preview_form(record, data=request.POST)
    if preview.is_valid():
        try:
            inspection, existed = import_report(record=preview.corrected_record())
        except ValidationError as error:
            for message in error.messages:
                preview.add_error(None, message)
        else:
            verb = "updated" if existed else "created"
            messages.success(
                request, f"The draft inspection {inspection} was {verb}. Check it, then publish it."
            )
            return redirect(reverse("admin:inspections_inspection_change", args=[inspection.pk]))
    return _render_preview(request, context, preview)


def _with_section_ticked(posted, record: dict, section: str, *, tick: bool):
    """The posted preview with every item of one section ticked or unticked, edits kept."""
    data = posted.copy()
    data.pop("section_action", None)
    for name in ReportPreviewForm.section_keep_names(record, section):
        if tick:
            data[name] = "on"
        else:
            data.pop(name, None)
    return data


def _preview_form(record: dict, *, data=None, initial_force=None) -> ReportPreviewForm:
    programme = find_programme(record.get("programme") or "")
    return ReportPreviewForm(
        data,
        record=record,
        forces=Force.objects.all(),
        grades=programme.scale.grades.all(),
        areas=programme.areas.all(),
        themes=Theme.objects.all(),
        initial={"force": initial_force},
    )


def _render_preview(request, context, form: ReportPreviewForm, open_section: str = ""):
    """The preview: a summary of what was found, then one folding section per kind of item."""
    record = form.source
    sections = [_finding_section(form, record, key, open_section) for key in FINDING_KEYS]
    sections += [_number_section(form, record, key, open_section) for key in NUMBER_KEYS]
    judgments = [
        {
            "field": form[name],
            "grade": form.grade_names.get(form[name].value() or "", ""),
            "sentence": record.get("judgment_sentences", {}).get(name.split("__", 1)[1], ""),
        }
        for name in form.fields
        if name.startswith("grade__")
    ]
    return TemplateResponse(
        request,
        "admin/inspections/import_preview.html",
        {
            **context,
            "title": "Check what was found",
            "form": form,
            "record": record,
            "warnings": record.get("warnings", []),
            "sections": sections,
            "judgments": judgments,
            "graded": sum(1 for j in judgments if j["grade"]),
        },
    )


def _finding_section(form, record, key, open_section) -> dict:
    items = []
    for i, item in enumerate(record.get(key, [])):
        themes = form[f"themes__{key}__{i}"]
        chosen = set(themes.value() or [])
        items.append(
            {
                "item": item,
                "area": _area_name(form, item),
                "keep": form[f"keep__{key}__{i}"],
                "themes": themes,
                "theme_names": [str(n) for slug, n in themes.field.choices if slug in chosen],
                "recommendations": [
                    {
                        "text": form[f"text__rec__{key}__{i}__{j}"],
                        "keep": form[f"keep__rec__{key}__{i}__{j}"],
                    }
                    for j in range(len(item.get("recommendations", [])))
                ],
            }
        )
    recommendations = [r for entry in items for r in entry["recommendations"]]
    return _section(
        form,
        key,
        items,
        open_section,
        recommendations=len(recommendations),
        recommendations_kept=sum(bool(r["keep"].value()) for r in recommendations),
    )


def _number_section(form, record, key, open_section) -> dict:
    items = []
    for i, item in enumerate(record.get(NUMBER_KEYS[key], [])):
        entry = {
            "item": item,
            "area": _area_name(form, item),
            "keep": form[f"keep__{key}__{i}"],
        }
        if key == "stat":
            entry["numerator"] = form[f"numerator__stat__{i}"]
            entry["denominator"] = form[f"denominator__stat__{i}"]
        items.append(entry)
    return _section(form, key, items, open_section)


def _area_name(form, item: dict) -> str:
    """The name of the area an item is filed under; its slug if the programme has no such."""
    return form.area_names.get(item.get("area", ""), item.get("area", ""))


def _section(form, key, items, open_section, **extra) -> dict:
    """A section's items and counts; it opens when it was just changed or holds an error."""
    has_errors = form.is_bound and any(
        form[name].errors for name in form.fields if f"__{key}__" in name
    )
    return {
        "key": key,
        "title": SECTION_KEYS[key],
        "items": items,
        "kept": sum(bool(entry["keep"].value()) for entry in items),
        "open": key == open_section or has_errors,
        **extra,
    }


def grades_import_view(model_admin, request):
    """Upload a CSV or XLSX of published grades; all rows are imported, or none."""
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": "Import published grades",
    }
    form = GradesUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["table"]
        try:
            rows = read_grade_file(upload.read(), upload.name)
            report = import_grades(rows, source=upload.name)
        except ValidationError as error:
            for message in error.messages:
                form.add_error("table", message)
        else:
            made = report.describe()
            messages.success(request, f"Imported {made or 'nothing new'} from {upload.name}.")
            for note in report.notes:
                messages.info(request, note)
            return redirect(reverse("admin:inspections_inspection_changelist"))
    return TemplateResponse(
        request,
        "admin/inspections/import_grades.html",
        {**context, "form": form, "columns": COLUMNS, "optional": OPTIONAL},
    )
