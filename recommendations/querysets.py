"""Chainable filters for recommendations; who may see and track them is the policy's to say."""

import datetime

from django.db import models

from inspections import policy
from inspections.choices import InspectionStatus
from recommendations.choices import CLOSED_STATES, ForceStatus, VerificationStatus

# A claim of completion no inspector has assessed yet: the only state called "Awaiting review"
# (Recommendation.awaits_review says the same of one row).
AWAITING_REVIEW = models.Q(
    force_status=ForceStatus.REPORTED_COMPLETE,
    verification_status=VerificationStatus.AWAITING_REVIEW,
)
# Not yet met, superseded or closed; overdue when also past its due date.
OPEN = ~models.Q(verification_status__in=CLOSED_STATES)


def overdue_q(today: datetime.date) -> models.Q:
    return OPEN & models.Q(due_date__lt=today)


class RecommendationQuerySet(models.QuerySet):
    def open(self):
        """Not yet met, superseded or closed."""
        return self.filter(OPEN)

    def overdue(self, today: datetime.date):
        return self.filter(overdue_q(today))

    def published(self):
        return self.filter(inspection__status=InspectionStatus.PUBLISHED)

    def awaiting_review(self):
        """The force reports it complete and no inspector has assessed the claim yet."""
        return self.filter(AWAITING_REVIEW)

    def visible_to(self, user):
        """Those of the inspections the user may see: published ones, and drafts by role."""
        return policy.restrict(self, user, policy.VIEW)

    def tracked_by(self, user):
        """Those whose progress the user may follow: all for inspectors and admins, the own
        force's for a force leader (drafts included, for the factual-accuracy check), none
        for anyone else."""
        return policy.restrict(self, user, policy.TRACK)
