"""Chainable filters for inspections, including who may see drafts."""

from django.db import models

from inspections import roles


class InspectionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=self.model.Status.PUBLISHED)

    def visible_to(self, user):
        """Published inspections for all; drafts for inspectors, admins and own-force leaders."""
        if roles.sees_all_drafts(user):
            return self
        force_id = roles.leader_force_id(user)
        if force_id is not None:
            return self.filter(
                models.Q(status=self.model.Status.PUBLISHED) | models.Q(force_id=force_id)
            )
        return self.published()
