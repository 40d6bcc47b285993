"""Chainable filters for recommendations, including who may see and who may track them."""

import datetime

from django.db import models

from inspections import roles

# A claim of completion no inspector has assessed yet: the only state called "Awaiting review"
# (Recommendation.awaits_review says the same of one row).
AWAITING_REVIEW = models.Q(force_status="reported_complete", verification_status="awaiting_review")


class RecommendationQuerySet(models.QuerySet):
    def open(self):
        """Not yet met, superseded or closed."""
        from recommendations.models import CLOSED_STATES

        return self.exclude(verification_status__in=CLOSED_STATES)

    def overdue(self, today: datetime.date):
        return self.open().filter(due_date__lt=today)

    def published(self):
        return self.filter(inspection__status="published")

    def awaiting_review(self):
        """The force reports it complete and no inspector has assessed the claim yet."""
        return self.filter(AWAITING_REVIEW)

    def visible_to(self, user):
        """Those of the inspections the user may see: published ones, and drafts by role."""
        from inspections.models import Inspection

        if roles.sees_all_drafts(user):
            return self
        return self.filter(inspection__in=Inspection.objects.visible_to(user))

    def tracked_by(self, user):
        """Those whose progress the user may follow: all for inspectors and admins, the own
        force's for a force leader (drafts included, for the factual-accuracy check), none
        for anyone else."""
        if roles.sees_all_drafts(user):
            return self
        force_id = roles.leader_force_id(user)
        if force_id is None:
            return self.none()
        return self.filter(inspection__force_id=force_id)
