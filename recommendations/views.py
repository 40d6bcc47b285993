"""Tracking pages: My force, a force's tracker and exports, a recommendation with its forms,
the review queue, follow-up duties, monitoring stages, evidence files and traces."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from inspections import policy, sorting
from inspections.models import Force, Inspection
from inspections.synthetic import request_holds_synthetic_data
from recommendations import exports, forms, selectors, services, tables
from recommendations.models import Evidence, Recommendation


def tracking_required(view):
    """Signed in (else to the sign-in page) and an inspector, admin or force leader (else 403)."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        policy.require(request.user, policy.TRACK)
        return view(request, *args, **kwargs)

    return wrapper


@login_required
@require_GET
def my_force(request):
    """A force leader's own force: every recommendation and area for improvement."""
    force_id = policy.leader_force_id(request.user)
    if force_id is None and policy.allows(request.user, policy.TRACK):
        return redirect("recommendations:forces")
    policy.require(request.user, policy.LEAD)
    return _tracker(request, Force.objects.get(pk=force_id), mine=True)


@tracking_required
@require_GET
def force_tracker(request, slug):
    """One force's tracker, for inspectors and admins (and that force's leaders)."""
    return _tracker(request, _force(request.user, slug), mine=False)


@tracking_required
@require_GET
def tracker_export(request, slug, fmt):
    """The tracker's rows as CSV or Excel, filtered as on screen."""
    force = _force(request.user, slug)
    form, rows = _filtered_rows(request, force)
    if rows is None:
        return render(
            request,
            "recommendations/tracker.html",
            _tracker_context(request, force, form, []),
            status=400,
        )
    _, rows = sorting.sorted_table(rows, request.GET, tables.TRACKER_COLUMNS)  # as on screen
    name = f"{force.slug}-recommendations-{timezone.localdate():%Y-%m-%d}"
    synthetic = request_holds_synthetic_data(request)
    if fmt == "xlsx":
        return exports.xlsx_response(rows, filename=name, synthetic=synthetic)
    return exports.csv_response(rows, filename=name, synthetic=synthetic)


def _tracker(request, force: Force, *, mine: bool):
    form, rows = _filtered_rows(request, force)
    context = _tracker_context(request, force, form, rows or [])
    context["mine"] = mine
    return render(
        request, "recommendations/tracker.html", context, status=400 if rows is None else 200
    )


def _filtered_rows(request, force: Force):
    inspections = list(selectors.tracker_inspections(user=request.user, force=force))
    form = forms.TrackerFilterForm(request.GET or None, inspections=inspections)
    if form.is_bound and not form.is_valid():
        return form, None
    rows = selectors.tracker_rows(
        user=request.user, today=timezone.localdate(), force=force, **form.filters()
    )
    return form, rows


def _tracker_context(request, force, form, rows) -> dict:
    user, today = request.user, timezone.localdate()
    columns, rows = sorting.sorted_table(rows, request.GET, tables.TRACKER_COLUMNS)
    return {
        "force": force,
        "form": form,
        "rows": rows,
        "columns": columns,
        "overdue_count": sum(1 for r in rows if r.overdue),
        "duties": selectors.duty_rows(force=force, user=user, today=today),
        "stages": selectors.monitoring_stages(force=force)
        if policy.allows(user, policy.MONITOR, force)
        else None,
        "query": request.GET.urlencode(),
    }


@tracking_required
@require_GET
def forces(request):
    """The forces an inspector can open a tracker for, with open and overdue counts."""
    summaries = selectors.tracked_forces(user=request.user, today=timezone.localdate())
    columns, summaries = sorting.sorted_table(summaries, request.GET, tables.FORCE_COLUMNS)
    return render(
        request, "recommendations/forces.html", {"summaries": summaries, "columns": columns}
    )


@tracking_required
@require_GET
def recommendation(request, pk):
    """One recommendation: claim and assessment side by side, progress, revisions, history."""
    page = selectors.recommendation_page(pk=pk, user=request.user, today=timezone.localdate())
    return render(request, "recommendations/recommendation.html", _detail_context(request, page))


def _detail_context(request, page) -> dict:
    return {"page": page, "recommendation": page.recommendation}


@tracking_required
@require_http_methods(["GET", "POST"])
def record_progress(request, pk):
    """Record the force's progress: status, narrative, evidence links and files, date."""
    return _recommendation_form(
        request,
        pk,
        page="progress",
        action=policy.REPORT,
        from_publication=True,
        form_class=forms.ProgressUpdateForm,
        initial=forms.ProgressUpdateForm.initial_for,
        save=lambda r, data: services.record_progress(
            recommendation=r,
            author=request.user,
            force_status=data["force_status"],
            narrative=data["narrative"],
            effective_on=data["effective_on"],
            links=data["links"],
            files=data["files"],
            acceptance=data["acceptance"],
            expected_version=data["version"],
        ),
        done="Your progress update has been recorded.",
    )


@tracking_required
@require_http_methods(["GET", "POST"])
def review(request, pk):
    """An inspector's assessment of the force's claim: met or not met (or superseded, closed)."""
    return _recommendation_form(
        request,
        pk,
        page="review",
        action=policy.VERIFY,
        from_publication=True,
        form_class=forms.VerificationForm,
        initial=lambda r: {"version": r.version},
        save=lambda r, data: services.verify_recommendation(
            recommendation=r,
            by=request.user,
            verification_status=data["verification_status"],
            comment=data["comment"],
            expected_version=data["version"],
        ),
        done="Your assessment has been recorded.",
    )


@tracking_required
@require_http_methods(["GET", "POST"])
def revise_due_date(request, pk):
    """Move a recommendation's due date, with the reason for it."""
    return _recommendation_form(
        request,
        pk,
        page="due_date",
        action=policy.REVISE_DUE_DATE,
        form_class=forms.DueDateRevisionForm,
        initial=lambda r: {"version": r.version},
        save=lambda r, data: services.revise_due_date(
            recommendation=r,
            by=request.user,
            new_due_date=data["new_due_date"],
            reason=data["reason"],
            expected_version=data["version"],
        ),
        done="The due date has been revised.",
    )


def _recommendation_form(
    request, pk, *, page, action, form_class, initial, save, done, from_publication=False
):
    """GET shows the form; POST validates it, calls the service and names any refusal.

    A form that only a published recommendation can take (progress, review) is refused on a
    draft rather than shown and then refused when saved.
    """
    recommendation = selectors.tracked_recommendation(pk=pk, user=request.user)
    policy.require(request.user, action, recommendation)
    if from_publication and recommendation.inspection.status != Inspection.Status.PUBLISHED:
        raise PermissionDenied(services.NOT_PUBLISHED)
    if request.method == "GET":
        form = form_class(initial=initial(recommendation))
        return _form_page(request, page, recommendation, form)
    form = form_class(request.POST, request.FILES)
    if not form.is_valid():
        return _form_page(request, page, recommendation, form, status=400)
    try:
        save(recommendation, form.cleaned_data)
    except ValidationError as error:
        return _form_error(request, page, recommendation, form, error)
    return _done(request, recommendation, done)


FORM_PAGES = {
    "progress": ("Record progress", "Save progress update"),
    "review": ("Review the force's claim", "Save assessment"),
    "due_date": ("Revise the due date", "Save new due date"),
}


def _form_page(request, kind, recommendation, form, *, status=200, conflict=None):
    title, button = FORM_PAGES[kind]
    context = {
        "recommendation": recommendation,
        "form": form,
        "kind": kind,
        "title": title,
        "button": button,
        "conflict": conflict,
        "multipart": kind == "progress",
    }
    return render(request, "recommendations/recommendation_form.html", context, status=status)


def _form_error(request, kind, recommendation, form, error: ValidationError):
    conflict = error if isinstance(error, services.VersionConflict) else None
    if conflict is not None:
        # Keep what they typed, but against the newer version, so they can submit it again.
        current = conflict.recommendation
        data = request.POST.copy()
        data["version"] = current.version
        form = type(form)(data, request.FILES)
        form.is_valid()
        recommendation = selectors.tracked_recommendation(pk=current.pk, user=request.user)
    else:
        add_service_errors(form, error)
    return _form_page(
        request, kind, recommendation, form, status=409 if conflict else 400, conflict=conflict
    )


def add_service_errors(form, error: ValidationError) -> None:
    """Put a service's errors on the form's fields, or above the form when no field fits."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, field_messages in error.message_dict.items():
        known = field in form.fields and field != NON_FIELD_ERRORS
        form.add_error(field if known else None, field_messages)


def _done(request, recommendation: Recommendation, message: str):
    messages.success(request, message)
    return redirect("recommendations:recommendation", pk=recommendation.pk)


@tracking_required
@require_http_methods(["GET", "POST"])
def duty_submitted(request, pk):
    """Mark an action plan (or the commissioner's response) submitted, with date and link."""
    duty = selectors.tracked_duty(pk=pk, user=request.user)
    force = duty.inspection.force
    if request.method == "GET":
        form = forms.DutySubmittedForm(initial={"submitted_on": timezone.localdate()})
    else:
        form = forms.DutySubmittedForm(request.POST)
        if form.is_valid():
            try:
                services.record_duty_submitted(duty=duty, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, f"{duty.get_kind_display()} recorded as submitted.")
                return redirect(_tracker_url(request.user, force))
    context = {
        "duty": duty,
        "force": force,
        "form": form,
        "tracker_url": _tracker_url(request.user, force),
    }
    return render(
        request, "recommendations/duty_form.html", context, status=400 if form.errors else 200
    )


@tracking_required
@require_http_methods(["GET", "POST"])
def monitoring_stage(request, slug):
    """Record that a force moves to scan or engage, with the date and the reason."""
    force = _force(request.user, slug)
    policy.require(request.user, policy.MONITOR, force)
    if request.method == "GET":
        form = forms.MonitoringStageForm(initial={"started_on": timezone.localdate()})
    else:
        form = forms.MonitoringStageForm(request.POST)
        if form.is_valid():
            try:
                services.record_monitoring_stage(force=force, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "The monitoring stage has been recorded.")
                return redirect("recommendations:force", slug=force.slug)
    context = {"force": force, "form": form, "stages": selectors.monitoring_stages(force=force)}
    return render(
        request, "recommendations/stage_form.html", context, status=400 if form.errors else 200
    )


@tracking_required
@require_GET
def review_queue(request):
    """Claims of completion waiting for an inspector's assessment."""
    policy.require(request.user, policy.VERIFY)
    items = selectors.review_queue(user=request.user, today=timezone.localdate())
    return render(request, "recommendations/review_queue.html", {"items": items})


@tracking_required
@require_GET
def evidence_file(request, pk):
    """Send an evidence file, only to someone who may track its recommendation."""
    evidence = get_object_or_404(
        policy.restrict(Evidence.objects.exclude(file=""), request.user, policy.TRACK),
        pk=pk,
    )
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404("The file is missing from storage.") from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@tracking_required
@require_GET
def trace(request, pk):
    """From a cause of concern to its recommendations, progress, evidence and the next grade."""
    page = selectors.cause_of_concern_trace(pk=pk, user=request.user)
    return render(request, "recommendations/trace.html", {"trace": page})


def _force(user, slug: str) -> Force:
    """A force the user may track; another force's tracker looks like no force (404)."""
    force = get_object_or_404(Force, slug=slug)
    if policy.allows(user, policy.TRACK, force):
        return force
    raise Http404("No force of that name.")


def _tracker_url(user, force: Force) -> str:
    if policy.allows(user, policy.LEAD, force):
        return reverse("recommendations:my_force")
    return reverse("recommendations:force", args=[force.slug])
