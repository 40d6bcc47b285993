"""Chainable filters for inspections; who may see drafts is the policy's to say."""

from django.db import models

from inspections import policy


class InspectionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=self.model.Status.PUBLISHED)

    def visible_to(self, user):
        """Published inspections for all; drafts for inspectors, admins and own-force leaders."""
        return policy.restrict(self, user, policy.VIEW)
