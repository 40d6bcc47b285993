"""Events in words: the one text that feeds, emails and the API give for a change.

A description reads only the event and the rows it names (select them with
`ChangeEvent.objects.described()`), never a progress narrative. Its link is a public page:
the inspection's report page, which a follower may open without signing in once the
inspection is published.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from changes.models import ChangeEvent
from inspections.partial_dates import write_partial_date

Kind = ChangeEvent.Kind


@dataclass(frozen=True)
class Description:
    """What an event says: a one-line title, a sentence or two, and where to read more."""

    title: str
    summary: str
    path: str

    @property
    def url(self) -> str:
        """The link with the site's address, for feeds and emails read away from the site."""
        return settings.SITE_URL + self.path


def describe(event: ChangeEvent) -> Description:
    """The title, summary and link of one event, in the inspectorate's words."""
    before, after = event.before or {}, event.after or {}
    words = {"force": event.force.name, "programme": _report(event)}
    title, summary = _WORDS[event.kind](words, before, after)
    if event.inspection_id:
        path = event.inspection.get_absolute_url()
    else:  # the inspection was removed since: the force's page is what is left to read
        path = reverse("dashboards:force", args=[event.force.slug])
    return Description(title=title, summary=summary, path=path)


def _report(event: ChangeEvent) -> str:
    """The programme, and for a change to a published report its publication date: an event
    is dated when it was recorded, which for a report loaded or corrected later is not when
    the report came out (a grade recorded today may be from a report of 2024)."""
    programme = event.programme.name if event.programme else _("an inspection")
    inspection = event.inspection
    if (
        event.kind in (Kind.INSPECTION_PUBLISHED, Kind.EMBARGO_SET)
        or inspection is None
        or not inspection.is_published
        or not inspection.published_label()
    ):
        return programme
    return _("%(programme)s report published %(when)s") % {
        "programme": programme,
        "when": inspection.published_label(),
    }


def _published(words, before, after):
    title = _("%(force)s: %(programme)s report published") % words
    when = _date(after.get("published"), after.get("precision") or "day")
    grades = after.get("grades") or {}
    summary = _("Published %(when)s.") % {"when": when}
    if grades:
        listed = "; ".join(f"{area}: {grade}" for area, grade in sorted(grades.items()))
        summary += " " + _("Grades: %(grades)s.") % {"grades": listed}
    return title, summary


def _embargo(words, before, after):
    at = after.get("embargo_at")
    when = _moment(at) if at else _("a time not yet set")
    title = _("%(force)s: %(programme)s report to be published") % words
    return title, _("The report is to be published at %(when)s.") % {"when": when}


def _grade_recorded(words, before, after):
    words = {**words, "area": after.get("area", ""), "grade": after.get("grade", "")}
    title = _("%(force)s: %(area)s graded %(grade)s") % words
    return title, _("%(programme)s: %(area)s was graded %(grade)s.") % words


def _grade_corrected(words, before, after):
    words = {
        **words,
        "area": after.get("area", ""),
        "old": before.get("grade", ""),
        "grade": after.get("grade", ""),
    }
    title = _("%(force)s: %(area)s grade corrected to %(grade)s") % words
    summary = _("%(programme)s: the grade for %(area)s was corrected from %(old)s to %(grade)s.")
    return title, summary % words


def _cause_added(words, before, after):
    title = _("%(force)s: cause of concern added") % words
    summary = _("%(programme)s: %(title)s") % {**words, "title": after.get("title", "")}
    return title, summary


def _recommendation_added(words, before, after):
    title = _("%(force)s: recommendation added") % words
    summary = _("%(programme)s: %(text)s") % {**words, "text": after.get("text", "")}
    if after.get("due_date"):
        summary += " " + _("Due %(when)s.") % {"when": _date(after["due_date"])}
    return title, summary


def _status_changed(words, before, after):
    from recommendations.choices import VerificationStatus, choice_label

    words = {
        **words,
        "old": choice_label(VerificationStatus, before.get("verification_status")),
        "new": choice_label(VerificationStatus, after.get("verification_status")),
    }
    title = _("%(force)s: recommendation assessed %(new)s") % words
    summary = _("%(programme)s: the inspectorate's assessment changed from %(old)s to %(new)s.")
    return title, summary % words


def _due_changed(words, before, after):
    words = {
        **words,
        "old": _date(before.get("due_date")),
        "new": _date(after.get("due_date")),
    }
    title = _("%(force)s: recommendation due date changed") % words
    summary = _("%(programme)s: a recommendation's due date changed from %(old)s to %(new)s.")
    return title, summary % words


def _duty_submitted(words, before, after):
    words = {
        **words,
        "duty": _duty(after.get("duty")),
        "when": _date(after.get("submitted_on")),
    }
    title = _("%(force)s: %(duty)s submitted") % words
    return title, _("%(programme)s: the %(duty)s was submitted on %(when)s.") % words


def _duty_overdue(words, before, after):
    words = {**words, "duty": _duty(after.get("duty")), "when": _date(after.get("due_date"))}
    title = _("%(force)s: %(duty)s overdue") % words
    summary = _("%(programme)s: the %(duty)s was due on %(when)s and is not recorded as submitted.")
    return title, summary % words


_WORDS = {
    Kind.INSPECTION_PUBLISHED: _published,
    Kind.EMBARGO_SET: _embargo,
    Kind.GRADE_RECORDED: _grade_recorded,
    Kind.GRADE_CORRECTED: _grade_corrected,
    Kind.CAUSE_OF_CONCERN_ADDED: _cause_added,
    Kind.RECOMMENDATION_ADDED: _recommendation_added,
    Kind.RECOMMENDATION_STATUS_CHANGED: _status_changed,
    Kind.DUE_DATE_CHANGED: _due_changed,
    Kind.DUTY_SUBMITTED: _duty_submitted,
    Kind.DUTY_OVERDUE: _duty_overdue,
}


def _duty(kind: str | None) -> str:
    from recommendations.choices import choice_label
    from recommendations.models import FollowUpDuty

    if kind not in FollowUpDuty.Kind.values:
        return _("follow-up duty")
    label = choice_label(FollowUpDuty.Kind, kind)
    return label[0].lower() + label[1:]  # mid-sentence


def _date(iso: str | None, precision: str = "day") -> str:
    """An ISO date as the pages write it, to the precision it is known to."""
    if not iso and precision != "not_known":
        return _("a date not known")
    return write_partial_date(iso and datetime.date.fromisoformat(iso), precision)


def _moment(iso: str) -> str:
    moment = timezone.localtime(datetime.datetime.fromisoformat(iso))
    return _("%(time)s on %(day)s") % {
        "time": f"{moment:%H:%M}",
        "day": write_partial_date(moment.date(), "day"),
    }
