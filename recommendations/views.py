"""Tracking pages: My force, a force's tracker and exports, a recommendation with its forms,
the review queue, follow-up duties, monitoring stages, evidence files and traces."""

from abc import ABC, abstractmethod
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.decorators.http import require_GET

from inspections import paging, policy, sorting
from inspections.models import Force
from inspections.synthetic import request_holds_synthetic_data
from recommendations import exports, forms, selectors, services, tables
from recommendations.models import Evidence


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
    """The tracker's rows as CSV or Excel, filtered and sorted as on screen, every page."""
    force = _force(request.user, slug)
    form, recommendations = _filtered(request, force)
    if recommendations is None:
        return render(
            request,
            "recommendations/tracker.html",
            _tracker_context(request, force, form, None),
            status=400,
        )
    sort = sorting.requested_sort(request.GET, tables.TRACKER_COLUMNS)
    rows = selectors.tracker_rows(recommendations, today=timezone.localdate(), sort=sort)
    name = f"{force.slug}-recommendations-{timezone.localdate():%Y-%m-%d}"
    synthetic = request_holds_synthetic_data(request)
    if fmt == "xlsx":
        return exports.xlsx_response(rows, filename=name, synthetic=synthetic)
    return exports.csv_response(rows, filename=name, synthetic=synthetic)


def _tracker(request, force: Force, *, mine: bool):
    form, recommendations = _filtered(request, force)
    context = _tracker_context(request, force, form, recommendations)
    context["mine"] = mine
    status = 400 if recommendations is None else 200
    return render(request, "recommendations/tracker.html", context, status=status)


def _filtered(request, force: Force):
    """The filter form and the recommendations it chooses (None when the filters are bad)."""
    inspections = list(selectors.tracker_inspections(user=request.user, force=force))
    form = forms.TrackerFilterForm(request.GET or None, inspections=inspections)
    if form.is_bound and not form.is_valid():
        return form, None
    recommendations = selectors.tracker_recommendations(
        user=request.user, today=timezone.localdate(), force=force, **form.filters()
    )
    return form, recommendations


# Rows on one page of a tracker; the CSV and Excel downloads hold every page.
TRACKER_PAGE_SIZE = 50


def _tracker_context(request, force, form, recommendations) -> dict:
    user, today = request.user, timezone.localdate()
    labels = [(key, label) for key, (label, _) in tables.TRACKER_COLUMNS.items()]
    columns, sort = sorting.sorted_headers(request.GET, labels)
    context = {
        "force": force,
        "form": form,
        "columns": columns,
        "duties": selectors.duty_rows(force=force, user=user, today=today),
        "stages": selectors.monitoring_stages(force=force)
        if policy.allows(user, policy.MONITOR, force)
        else None,
        "query": paging.without_page(request.GET).urlencode(),
        "rows": [],
    }
    if recommendations is not None:
        counts = selectors.tracker_counts(recommendations, today=today)
        rows = selectors.tracker_rows(
            recommendations, today=today, sort=sort, count=counts["shown"]
        )
        pagination = paging.paginate(rows, request.GET, per_page=TRACKER_PAGE_SIZE)
        context.update(
            rows=pagination.rows,
            pagination=pagination,
            shown=counts["shown"],
            overdue_count=counts["overdue"],
        )
    return context


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


class ServiceForm(View, ABC):
    """GET shows a form about one object; POST validates it, hands it to a service and shows
    any refusal on the form. The policy is asked first. A subclass names the object, the form,
    the action, the page and the service call (the abstract methods below)."""

    http_method_names = ["get", "post"]
    form_class: type[forms.GovukForm]
    action: str
    template_name: str
    # Progress and review start at publication: on a draft the form is refused, not shown and
    # then refused when saved.
    from_publication = False

    def dispatch(self, request, *args, **kwargs):
        if request.method.lower() not in self.http_method_names:
            return self.http_method_not_allowed(request, *args, **kwargs)
        self.object = self.get_object(**kwargs)
        policy.require(request.user, self.action, self.object)
        if self.from_publication and not self.object.inspection.is_published:
            raise PermissionDenied(services.NOT_PUBLISHED)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        return self.render(self.form_class(initial=self.initial()))

    def post(self, request, *args, **kwargs):
        form = self.form_class(request.POST, request.FILES)
        if not form.is_valid():
            return self.render(form, status=400)
        data = dict(form.cleaned_data)
        if "version" in data:
            data["expected_version"] = data.pop("version")
        try:
            self.save(data)
        except ValidationError as error:
            return self.refused(form, error)
        messages.success(request, self.done())
        return redirect(self.success_url())

    def refused(self, form, error: ValidationError):
        add_service_errors(form, error)
        return self.render(form, status=400)

    def render(self, form, *, status: int = 200, **context):
        context = {**self.context(), "form": form, **context}
        return render(self.request, self.template_name, context, status=status)

    @abstractmethod
    def get_object(self, **kwargs):
        """The object the form is about, from the address's arguments."""

    @abstractmethod
    def initial(self) -> dict:
        """The form's starting values."""

    @abstractmethod
    def context(self) -> dict:
        """What the page shows beside the form."""

    @abstractmethod
    def save(self, data: dict) -> None:
        """Hand the cleaned data to the service."""

    @abstractmethod
    def done(self) -> str:
        """The message shown once it is saved."""

    @abstractmethod
    def success_url(self) -> str:
        """Where to go once it is saved."""


class _RecommendationForm(ServiceForm):
    """A form on a recommendation; its version keeps two people's edits from crossing."""

    template_name = "recommendations/recommendation_form.html"
    kind: str
    title: str
    button: str
    message: str

    def get_object(self, pk):
        return selectors.tracked_recommendation(pk=pk, user=self.request.user)

    def initial(self) -> dict:
        return {"version": self.object.version}

    def context(self) -> dict:
        return {
            "recommendation": self.object,
            "kind": self.kind,
            "title": self.title,
            "button": self.button,
            "multipart": self.kind == "progress",
        }

    def refused(self, form, error: ValidationError):
        if not isinstance(error, services.VersionConflict):
            return super().refused(form, error)
        # Keep what they typed, but against the newer version, so they can submit it again.
        data = self.request.POST.copy()
        data["version"] = error.recommendation.version
        form = self.form_class(data, self.request.FILES)
        form.is_valid()
        self.object = self.get_object(pk=self.object.pk)
        return self.render(form, status=409, conflict=error)

    def done(self) -> str:
        return self.message

    def success_url(self) -> str:
        return reverse("recommendations:recommendation", args=[self.object.pk])


class RecordProgress(_RecommendationForm):
    """Record the force's progress: status, narrative, evidence links and files, date."""

    form_class = forms.ProgressUpdateForm
    action = policy.REPORT
    from_publication = True
    kind = "progress"
    title, button = _("Record progress"), _("Save progress update")
    message = _("Your progress update has been recorded.")

    def initial(self) -> dict:
        return forms.ProgressUpdateForm.initial_for(self.object)

    def save(self, data: dict) -> None:
        services.record_progress(recommendation=self.object, author=self.request.user, **data)


class Review(_RecommendationForm):
    """An inspector's assessment of the force's claim: met or not met (or superseded, closed)."""

    form_class = forms.VerificationForm
    action = policy.VERIFY
    from_publication = True
    kind = "review"
    title, button = _("Review the force's claim"), _("Save assessment")
    message = _("Your assessment has been recorded.")

    def save(self, data: dict) -> None:
        services.verify_recommendation(recommendation=self.object, by=self.request.user, **data)


class ReviseDueDate(_RecommendationForm):
    """Move a recommendation's due date, with the reason for it."""

    form_class = forms.DueDateRevisionForm
    action = policy.REVISE_DUE_DATE
    kind = "due_date"
    title, button = _("Revise the due date"), _("Save new due date")
    message = _("The due date has been revised.")

    def save(self, data: dict) -> None:
        services.revise_due_date(recommendation=self.object, by=self.request.user, **data)


class DutySubmitted(ServiceForm):
    """Mark an action plan (or the commissioner's response) submitted, with date and link."""

    form_class = forms.DutySubmittedForm
    action = policy.SUBMIT_DUTY
    template_name = "recommendations/duty_form.html"

    def get_object(self, pk):
        return selectors.tracked_duty(pk=pk, user=self.request.user)

    def initial(self) -> dict:
        return {"submitted_on": timezone.localdate()}

    def context(self) -> dict:
        force = self.object.inspection.force
        return {"duty": self.object, "force": force, "tracker_url": self.success_url()}

    def save(self, data: dict) -> None:
        services.record_duty_submitted(duty=self.object, by=self.request.user, **data)

    def done(self) -> str:
        return _("%(duty)s recorded as submitted.") % {"duty": self.object.get_kind_display()}

    def success_url(self) -> str:
        return _tracker_url(self.request.user, self.object.inspection.force)


class RecordMonitoringStage(ServiceForm):
    """Record that a force moves to scan or engage, with the date and the reason."""

    form_class = forms.MonitoringStageForm
    action = policy.MONITOR
    template_name = "recommendations/stage_form.html"

    def get_object(self, slug):
        return _force(self.request.user, slug)

    def initial(self) -> dict:
        return {"started_on": timezone.localdate()}

    def context(self) -> dict:
        return {"force": self.object, "stages": selectors.monitoring_stages(force=self.object)}

    def save(self, data: dict) -> None:
        services.record_monitoring_stage(force=self.object, by=self.request.user, **data)

    def done(self) -> str:
        return _("The monitoring stage has been recorded.")

    def success_url(self) -> str:
        return reverse("recommendations:force", args=[self.object.slug])


record_progress = tracking_required(RecordProgress.as_view())
review = tracking_required(Review.as_view())
revise_due_date = tracking_required(ReviseDueDate.as_view())
duty_submitted = tracking_required(DutySubmitted.as_view())
monitoring_stage = tracking_required(RecordMonitoringStage.as_view())


def add_service_errors(form, error: ValidationError) -> None:
    """Put a service's errors on the form's fields, or above the form when no field fits."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, field_messages in error.message_dict.items():
        known = field in form.fields and field != NON_FIELD_ERRORS
        form.add_error(field if known else None, field_messages)


@tracking_required
@require_GET
def review_queue(request):
    """Claims of completion waiting for an inspector's assessment."""
    policy.require(request.user, policy.VERIFY)
    queue = selectors.review_queue(user=request.user, today=timezone.localdate())
    pagination = paging.paginate(queue, request.GET, per_page=REVIEW_QUEUE_PAGE_SIZE)
    return render(
        request,
        "recommendations/review_queue.html",
        {"items": pagination.rows, "pagination": pagination},
    )


REVIEW_QUEUE_PAGE_SIZE = 50


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
