"""The three questions kept apart (accepted, done, verified) as choices, for the models and
their querysets alike."""

from functools import cache

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Acceptance(models.TextChoices):
    UNKNOWN = "unknown", _("Not yet known")
    ACCEPTED = "accepted", _("Accepted")
    NOT_ACCEPTED = "not_accepted", _("Not accepted")


class ForceStatus(models.TextChoices):
    """What the force reports about its own work."""

    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    REPORTED_COMPLETE = "reported_complete", _("Force reports complete")


class VerificationStatus(models.TextChoices):
    """What the inspectorate has assessed; only inspectors set these."""

    AWAITING_REVIEW = "awaiting_review", _("Awaiting review")
    MET = "met", _("Met")
    NOT_MET = "not_met", _("Not met")
    SUPERSEDED = "superseded", _("Superseded by a later inspection")
    CLOSED = "closed", _("Closed")


# A recommendation is open until the inspectorate finds it met, superseded or closed.
CLOSED_STATES = (VerificationStatus.MET, VerificationStatus.SUPERSEDED, VerificationStatus.CLOSED)


def choice_label(choices: type[models.Choices], value: str) -> str:
    """A choice's label in the active language, as `get_FOO_display()` gives it; each class's
    labels are translated once per language, not all of them again on every call."""
    return _translated_labels(choices, get_language()).get(value, value)


@cache
def _translated_labels(choices: type[models.Choices], language: str | None) -> dict[str, str]:
    return {value: str(label) for value, label in choices.choices}
