"""Reads for the tracking pages: the tracker, one recommendation, the review queue, duties,
monitoring stages and the trace of a cause of concern. Day counts are worked out here."""

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from findings.models import Finding
from inspections import policy
from inspections.models import Force, Inspection, Judgment, MonitoringStage
from inspections.sorting import Sort, client_sort_value, sort_value
from recommendations.choices import Acceptance, choice_label
from recommendations.models import (
    Evidence,
    FollowUpDuty,
    ForceStatus,
    ProgressUpdate,
    Recommendation,
    VerificationStatus,
)
from recommendations.querysets import AWAITING_REVIEW, OPEN, overdue_q
from recommendations.wording import inspection_label, whole_recommendation

# Filter values: each status name is unique across the force's and the inspectorate's.
FORCE_STATUSES = set(ForceStatus.values)
VERIFICATION_STATUSES = set(VerificationStatus.values)


@dataclass(frozen=True)
class TrackerRow:
    recommendation: Recommendation
    last_update: datetime.datetime | None
    days_since_update: int | None
    overdue: bool
    days_overdue: int | None
    disagreement: str

    # What the tracker's page writes of a row, worked out once here rather than by template
    # lookups and filters in every row; a download reads none of it.
    @cached_property
    def text(self) -> str:
        return self.recommendation.full_text

    @cached_property
    def short_text(self) -> str:
        return Truncator(self.text).chars(TRACKER_TEXT_LENGTH)

    @cached_property
    def source(self) -> str:
        """Its kind, area, programme and publication: "Recommendation, Leadership: Child
        protection, May 2025"."""
        r = self.recommendation
        return f"{r.kind_label()}, {r.finding.area.short_name}: {inspection_label(r.inspection)}"

    @cached_property
    def due_sort(self) -> str:
        return client_sort_value(self.recommendation.due_date)

    @cached_property
    def due_label(self) -> str:
        return self.recommendation.due_label(short=True)

    @cached_property
    def days_overdue_label(self) -> str:
        return _days_late(self.days_overdue)

    @cached_property
    def last_update_sort(self) -> str:
        return client_sort_value(self._local_update)

    @cached_property
    def last_update_label(self) -> str:
        return date_format(self._local_update.date(), "j M Y") if self.last_update else ""

    @cached_property
    def _local_update(self) -> datetime.datetime | None:
        return timezone.localtime(self.last_update) if self.last_update else None

    @cached_property
    def days_since_update_label(self) -> str:
        days = self.days_since_update
        return ngettext("%(days)s day ago", "%(days)s days ago", days) % {"days": days}


def _days_late(days: int) -> str:
    return ngettext("%(days)s day late", "%(days)s days late", days) % {"days": days}


# The tracker shows this many characters of a recommendation, with a link to the rest.
TRACKER_TEXT_LENGTH = 220


def tracker_recommendations(
    *,
    user,
    today: datetime.date,
    force: Force,
    inspection: Inspection | None = None,
    status: str = "",
    overdue_only: bool = False,
) -> QuerySet[Recommendation]:
    """Every recommendation and area for improvement of a force the user may track, filtered;
    unordered and unread, so that a page counts them and reads only the rows it shows."""
    rows = Recommendation.objects.tracked_by(user).published().filter(inspection__force=force)
    if inspection is not None:
        rows = rows.filter(inspection=inspection)
    if status in FORCE_STATUSES:
        rows = rows.filter(force_status=status)
    elif status == VerificationStatus.AWAITING_REVIEW:
        rows = rows.awaiting_review()  # a claim waiting for an inspector, as on /tracking/
    elif status in VERIFICATION_STATUSES:
        rows = rows.filter(verification_status=status)
    if overdue_only:
        rows = rows.overdue(today)
    return rows


def tracker_counts(recommendations: QuerySet[Recommendation], *, today: datetime.date) -> dict:
    """How many rows the filters give and how many of them are overdue, in one query."""
    return recommendations.aggregate(
        shown=Count("pk"), overdue=Count("pk", filter=overdue_q(today))
    )


def tracker_rows(
    recommendations: QuerySet[Recommendation],
    *,
    today: datetime.date,
    sort: Sort | None = None,
    count: int | None = None,
) -> "TrackerRows":
    """The filtered recommendations as tracker rows in the order `sort` asks (the tracker's own
    order without one), read from the database only as far as they are sliced or iterated;
    `count`, where the caller has counted them already, saves counting again."""
    return TrackerRows(recommendations, today=today, sort=sort or Sort(), count=count)


class TrackerRows:
    """Tracker rows that a Paginator can count and slice, and that an export can iterate in
    chunks: no more rows are held at once than one page or one chunk.

    Every column but the recommendation's words is sorted by the database, as the tracker's
    columns sort in Python (`inspections.sorting.sort_value`): missing values lowest, labels by
    their words in the current language, ties in the tracker's own order. The words are made
    from the report's text and its lead-in in Python, so that sort reads the identifier and
    the words of every row (not the rows), orders them here and reads the rows a slice at a
    time."""

    CHUNK = 2000

    def __init__(self, recommendations: QuerySet[Recommendation], *, today, sort: Sort, count=None):
        self.recommendations, self.today, self.sort = recommendations, today, sort
        self._count = count
        self._order = None  # the identifiers in order, when sorted by the words

    def count(self) -> int:
        if self._count is None:
            self._count = (
                len(self._ordered_ids())
                if self._by_words
                else self.recommendations.order_by().count()
            )
        return self._count

    def __getitem__(self, index: slice) -> list[TrackerRow]:
        if not isinstance(index, slice):
            raise TypeError("Tracker rows are read a slice at a time.")
        if self._by_words:
            return self._rows_by_id(self._ordered_ids()[index])
        # The page's rows are chosen first and only they are joined to their findings and
        # areas: joining every row of a busy force before the sort took longer than the rest.
        page = self._ordered(self._annotated(self.recommendations)).values("pk")[index]
        return [_tracker_row(r, self.today) for r in self._queryset().filter(pk__in=page)]

    def __iter__(self) -> Iterator[TrackerRow]:
        if self._by_words:
            ids = self._ordered_ids()
            for start in range(0, len(ids), self.CHUNK):
                yield from self._rows_by_id(ids[start : start + self.CHUNK])
            return
        for r in self._queryset().iterator(chunk_size=self.CHUNK):
            yield _tracker_row(r, self.today)

    @property
    def _by_words(self) -> bool:
        return self.sort.column == "recommendation"

    def _queryset(self) -> QuerySet[Recommendation]:
        rows = self.recommendations.select_related("inspection__programme", "finding__area")
        return self._ordered(self._annotated(rows))

    @staticmethod
    def _annotated(rows: QuerySet[Recommendation]) -> QuerySet[Recommendation]:
        # The last update as a subquery per row, not a grouped Max: PostgreSQL then works it
        # out for the page's rows alone, after taking the page, not for every row of the force.
        return rows.annotate(last_update=Subquery(_LAST_UPDATE))

    def _ordered(self, rows: QuerySet[Recommendation]) -> QuerySet[Recommendation]:
        if self.sort.column is None or self._by_words:
            return rows.order_by(*TRACKER_ORDER)
        expression = _tracker_sort_expression(self.sort.column)
        if self.sort.descending:
            ordering = expression.desc(nulls_last=True)
        else:
            ordering = expression.asc(nulls_first=True)
        return rows.order_by(ordering, *TRACKER_ORDER)

    def _ordered_ids(self) -> list[int]:
        if self._order is None:
            words = self.recommendations.order_by(*TRACKER_ORDER).values_list(
                "pk", "finding__lead_in", "text"
            )
            keyed = [
                (sort_value(whole_recommendation(lead_in=lead_in, text=text)), pk)
                for pk, lead_in, text in words.iterator(chunk_size=self.CHUNK)
            ]
            # A stable sort, reversed or not: ties keep the tracker's own order.
            keyed.sort(key=lambda pair: pair[0], reverse=self.sort.descending)
            self._order = [pk for _, pk in keyed]
        return self._order

    def _rows_by_id(self, ids: list[int]) -> list[TrackerRow]:
        found = {r.pk: r for r in self._queryset().filter(pk__in=ids)}
        return [_tracker_row(found[pk], self.today) for pk in ids if pk in found]


_LAST_UPDATE = (
    ProgressUpdate.objects.filter(recommendation=OuterRef("pk"))
    .order_by("-created_at")
    .values("created_at")[:1]
)
# The tracker's own order: newest inspection first, then the report's order.
TRACKER_ORDER = ("-inspection__published", "inspection_id", "-kind", "position", "pk")


def _tracker_sort_expression(column: str):
    """What the database orders a tracker column by: the value itself, or for a label the rank
    of its words among the column's labels, as `sort_value` compares them."""
    if column == "due":
        return F("due_date")
    if column == "last-update":
        return F("last_update")
    if column == "accepted":
        return _label_rank("acceptance", Acceptance.choices)
    if column == "force-status":
        return _label_rank("force_status", ForceStatus.choices)
    if column == "inspectorate":
        labels = [
            (Q(AWAITING_REVIEW), VerificationStatus.AWAITING_REVIEW.label),
            (Q(verification_status=VerificationStatus.AWAITING_REVIEW), _("No update yet")),
            *((Q(verification_status=v), label) for v, label in VerificationStatus.choices),
        ]
        return _ranked(labels)
    raise ValueError(f"The tracker has no column {column!r}.")


def _label_rank(field: str, choices) -> Case:
    return _ranked([(Q(**{field: value}), label) for value, label in choices])


def _ranked(labels: list[tuple[Q, str]]) -> Case:
    ranks = {key: i for i, key in enumerate(sorted({sort_value(str(w)) for _, w in labels}))}
    whens = []
    for condition, words in labels:
        key = sort_value(str(words))
        # A missing value ("Not known") sorts lowest, as None does.
        whens.append(When(condition, then=Value(None if key == (0,) else ranks[key])))
    return Case(*whens, default=Value(None), output_field=IntegerField())


def tracker_inspections(*, user, force: Force) -> QuerySet[Inspection]:
    """The force's published inspections that have something to track, newest first."""
    # Exists, not a join with DISTINCT: a busy force's recommendations are not all read.
    has_recommendations = Exists(Recommendation.objects.filter(inspection=OuterRef("pk")))
    return (
        Inspection.objects.visible_to(user)
        .published()
        .filter(has_recommendations, force=force)
        .select_related("programme")
        .order_by("-published")
    )


def _tracker_row(recommendation: Recommendation, today: datetime.date) -> TrackerRow:
    last = recommendation.last_update
    overdue = recommendation.is_overdue(today)
    return TrackerRow(
        recommendation=recommendation,
        last_update=last,
        days_since_update=(today - _local_date(last)).days if last else None,
        overdue=overdue,
        days_overdue=(today - recommendation.due_date).days if overdue else None,
        disagreement=recommendation.disagreement(),
    )


@dataclass(frozen=True)
class Change:
    field: str
    before: str
    after: str


@dataclass(frozen=True)
class HistoryEntry:
    when: datetime.datetime
    who: str
    kind: str
    reason: str
    changes: list[Change]


@dataclass(frozen=True)
class RecommendationPage:
    recommendation: Recommendation
    updates: list[ProgressUpdate]
    latest_update: ProgressUpdate | None
    revisions: list
    history: list[HistoryEntry]
    overdue: bool
    days_overdue: int | None
    disagreement: str


def tracked_recommendation(*, pk: int, user) -> Recommendation:
    """One recommendation the user may track, or 404 (another force's looks like none)."""
    return get_object_or_404(
        Recommendation.objects.tracked_by(user).select_related(
            "inspection__force", "inspection__programme", "finding__area"
        ),
        pk=pk,
    )


def recommendation_page(*, pk: int, user, today: datetime.date) -> RecommendationPage:
    """A recommendation with its progress log and evidence, due-date revisions and history."""
    recommendation = tracked_recommendation(pk=pk, user=user)
    updates = list(
        recommendation.progress_updates.select_related("author")
        .prefetch_related(Prefetch("evidence", Evidence.objects.order_by("pk")))
        .order_by("-created_at", "-pk")
    )
    overdue = recommendation.is_overdue(today)
    return RecommendationPage(
        recommendation=recommendation,
        updates=updates,
        latest_update=updates[0] if updates else None,
        revisions=list(
            recommendation.due_date_revisions.select_related("revised_by").order_by("-revised_at")
        ),
        history=recommendation_history(recommendation=recommendation),
        overdue=overdue,
        days_overdue=(today - recommendation.due_date).days if overdue else None,
        disagreement=recommendation.disagreement(),
    )


HISTORY_FIELDS = [
    "text",
    "timescale",
    "due_date",
    "acceptance",
    "force_status",
    "verification_status",
]


def recommendation_history(*, recommendation: Recommendation) -> list[HistoryEntry]:
    """Each recorded change of the recommendation, newest first, with who made it."""
    records = list(recommendation.history.select_related("history_user").order_by("history_id"))
    entries = []
    previous = None
    for record in records:
        changes = []
        for name in HISTORY_FIELDS:
            after = getattr(record, name)
            before = getattr(previous, name) if previous else None
            if previous is None or before != after:
                changes.append(
                    Change(
                        field=str(Recommendation._meta.get_field(name).verbose_name).capitalize(),
                        before=_display(name, before) if previous else "",
                        after=_display(name, after),
                    )
                )
        if previous is None or changes:
            entries.append(
                HistoryEntry(
                    when=record.history_date,
                    who=record.history_user.get_username() if record.history_user else "",
                    kind=record.get_history_type_display(),
                    reason=record.history_change_reason or "",
                    changes=changes if previous else [],
                )
            )
        previous = record
    return entries[::-1]


def _display(name: str, value) -> str:
    if value in (None, ""):
        return "—"
    choices = dict(Recommendation._meta.get_field(name).flatchoices)
    if value in choices:
        return str(choices[value])
    if isinstance(value, datetime.date):
        return f"{value.day} {value:%B %Y}"
    return str(value)


@dataclass(frozen=True)
class ReviewItem:
    recommendation: Recommendation
    claimed_at: datetime.datetime | None
    days_waiting: int | None


def review_queue(*, user, today: datetime.date) -> "ReviewQueue":
    """Claims of completion no inspector has assessed yet, the longest waiting first, read a
    page at a time."""
    claimed = (
        ProgressUpdate.objects.filter(
            recommendation=OuterRef("pk"), force_status=ForceStatus.REPORTED_COMPLETE
        )
        .order_by("-created_at")
        .values("created_at")[:1]
    )
    rows = (
        Recommendation.objects.tracked_by(user)
        .published()
        .awaiting_review()
        .select_related("inspection__force", "inspection__programme", "finding__area")
        .annotate(claimed_at=Subquery(claimed))
        .order_by(F("claimed_at").asc(nulls_last=True), "pk")
    )
    return ReviewQueue(rows, today)


class ReviewQueue:
    """The review queue as a Paginator counts and slices it: only a page's rows are read."""

    def __init__(self, recommendations: QuerySet[Recommendation], today: datetime.date):
        self.recommendations, self.today = recommendations, today

    def count(self) -> int:
        return self.recommendations.order_by().count()

    def __getitem__(self, index: slice) -> list[ReviewItem]:
        return [
            ReviewItem(
                recommendation=r,
                claimed_at=r.claimed_at,
                days_waiting=(self.today - _local_date(r.claimed_at)).days
                if r.claimed_at
                else None,
            )
            for r in self.recommendations[index]
        ]


@dataclass(frozen=True)
class DutyRow:
    duty: FollowUpDuty
    state: str  # submitted, submitted_late, due, not_recorded
    label: str
    countdown: str

    @property
    def tag(self) -> str:
        return DUTY_TAGS.get(self.state, "govuk-tag--red")

    @cached_property
    def kind_label(self) -> str:
        return choice_label(FollowUpDuty.Kind, self.duty.kind)

    @cached_property
    def inspection_label(self) -> str:
        return inspection_label(self.duty.inspection)


DUTY_TAGS = {
    "submitted": "govuk-tag--green",
    "due": "govuk-tag--yellow",
    "not_recorded": "govuk-tag--grey",
}


def duty_rows(*, force: Force, user, today: datetime.date) -> list[DutyRow]:
    """The force's action plans and commissioner's responses with their countdowns."""
    duties = (
        FollowUpDuty.objects.filter(
            inspection__force=force, inspection__in=Inspection.objects.visible_to(user).published()
        )
        .select_related("inspection__programme", "inspection__force")
        .order_by("-inspection__published", "kind")
    )
    return [duty_row(d, today) for d in duties]


def tracked_duty(*, pk: int, user) -> FollowUpDuty:
    """A follow-up duty of a published inspection of a force the user may track, or 404."""
    duties = FollowUpDuty.objects.filter(inspection__status=Inspection.Status.PUBLISHED)
    return get_object_or_404(
        policy.restrict(duties, user, policy.TRACK).select_related(
            "inspection__force", "inspection__programme"
        ),
        pk=pk,
    )


def duty_row(duty: FollowUpDuty, today: datetime.date) -> DutyRow:
    """Say whether a duty is submitted (on time or late), due (days left), or past its date
    with no submission recorded: the inspectorate may simply not have been told of it."""
    if duty.submitted_on:
        late = (duty.submitted_on - duty.due_date).days
        if late > 0:
            return DutyRow(duty, "submitted_late", _("Submitted late"), _days_late(late))
        return DutyRow(duty, "submitted", _("Submitted"), _("On time"))
    left = (duty.due_date - today).days
    if left == 0:
        return DutyRow(duty, "due", _("Due"), _("Due today"))
    if left > 0:
        days_left = ngettext("%(days)s day left", "%(days)s days left", left) % {"days": left}
        return DutyRow(duty, "due", _("Due"), days_left)
    past = ngettext("%(days)s day past the date", "%(days)s days past the date", -left) % {
        "days": -left
    }
    return DutyRow(duty, "not_recorded", _("No submission recorded"), past)


def monitoring_stages(*, force: Force) -> list[MonitoringStage]:
    """The force's scan and engage stages, the current one first."""
    return list(MonitoringStage.objects.filter(force=force).order_by("-started_on", "-pk"))


@dataclass(frozen=True)
class Trace:
    finding: Finding
    judgment: Judgment | None
    recommendations: list[Recommendation]
    next_inspection: Inspection | None
    next_judgment: Judgment | None


def cause_of_concern_trace(*, pk: int, user) -> Trace:
    """A cause of concern, its recommendations with progress and evidence, and the grade of
    the same area at the force's next inspection in the same programme."""
    finding = get_object_or_404(
        Finding.objects.filter(
            kind=Finding.Kind.CAUSE_OF_CONCERN,
            inspection__in=Inspection.objects.visible_to(user),
            inspection__force_id__in=_trackable_force_ids(user),
        ).select_related("inspection__force", "inspection__programme", "area"),
        pk=pk,
    )
    inspection = finding.inspection
    updates = ProgressUpdate.objects.select_related("author").prefetch_related("evidence")
    recommendations = list(
        finding.recommendations.prefetch_related(
            Prefetch("progress_updates", updates.order_by("created_at", "pk"))
        ).order_by("position", "pk")
    )
    next_inspection = None
    if inspection.published:
        next_inspection = (
            Inspection.objects.visible_to(user)
            .filter(
                force=inspection.force_id,
                programme=inspection.programme_id,
                published__gt=inspection.published,
            )
            .order_by("published")
            .first()
        )
    grades = Judgment.objects.select_related("grade")
    return Trace(
        finding=finding,
        judgment=grades.filter(inspection=inspection, area=finding.area_id).first(),
        recommendations=recommendations,
        next_inspection=next_inspection,
        next_judgment=grades.filter(inspection=next_inspection, area=finding.area_id).first()
        if next_inspection
        else None,
    )


def _trackable_force_ids(user):
    return Recommendation.objects.tracked_by(user).values("inspection__force_id")


def _local_date(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment).date()


@dataclass(frozen=True)
class ForceSummary:
    force: Force
    open: int
    overdue: int
    awaiting_review: int


def tracked_forces(*, user, today: datetime.date) -> list[ForceSummary]:
    """Forces with published recommendations, with open, overdue and awaiting-review counts."""
    tracked = Recommendation.objects.tracked_by(user).published()
    counts = (
        tracked.values("inspection__force")
        .annotate(
            open=Count("pk", filter=OPEN),
            overdue=Count("pk", filter=overdue_q(today)),
            awaiting_review=Count("pk", filter=AWAITING_REVIEW),
        )
        .order_by()
    )
    by_force = {c["inspection__force"]: c for c in counts}
    forces = Force.objects.filter(pk__in=by_force).order_by("name")
    return [
        ForceSummary(
            force=f,
            open=by_force[f.pk]["open"],
            overdue=by_force[f.pk]["overdue"],
            awaiting_review=by_force[f.pk]["awaiting_review"],
        )
        for f in forces
    ]
