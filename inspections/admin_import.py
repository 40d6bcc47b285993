"""Admin screens of the report import: upload, preview and correct, then create the draft."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from findings.models import Theme
from inspections.forms import (
    FINDING_KEYS,
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
            preview = _preview_form(parsed.record, initial_force=parsed.force)
            return _render_preview(request, context, preview, parsed.warnings)
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
    return _render_preview(request, context, preview, record.get("warnings", []))


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


def _render_preview(request, context, form: ReportPreviewForm, warnings: list[str]):
    record = form.source
    sections = []
    for key, title in FINDING_KEYS.items():
        items = []
        for i, item in enumerate(record.get(key, [])):
            items.append(
                {
                    "item": item,
                    "keep": form[f"keep__{key}__{i}"],
                    "themes": form[f"themes__{key}__{i}"],
                    "recommendations": [
                        {
                            "text": form[f"text__rec__{key}__{i}__{j}"],
                            "keep": form[f"keep__rec__{key}__{i}__{j}"],
                        }
                        for j in range(len(item.get("recommendations", [])))
                    ],
                }
            )
        if items:
            sections.append({"title": title, "items": items})
    statistics = [
        {
            "item": stat,
            "keep": form[f"keep__stat__{i}"],
            "numerator": form[f"numerator__stat__{i}"],
            "denominator": form[f"denominator__stat__{i}"],
        }
        for i, stat in enumerate(record.get("case_file_statistics", []))
    ]
    figures = [
        {"item": figure, "keep": form[f"keep__figure__{i}"]}
        for i, figure in enumerate(record.get("other_figures", []))
    ]
    judgments = [
        {
            "field": form[name],
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
            "warnings": warnings,
            "sections": sections,
            "statistics": statistics,
            "figures": figures,
            "judgments": judgments,
        },
    )


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
            made = ", ".join(f"{n} {what}" for what, n in report.created.items() if n)
            messages.success(request, f"Imported {made or 'nothing new'} from {upload.name}.")
            for note in report.notes:
                messages.info(request, note)
            return redirect(reverse("admin:inspections_inspection_changelist"))
    return TemplateResponse(
        request,
        "admin/inspections/import_grades.html",
        {**context, "form": form, "columns": COLUMNS, "optional": OPTIONAL},
    )
