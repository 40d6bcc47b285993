"""Chainable filters for inspections; who may see drafts is the policy's to say."""

from django.db import models
from django.db.models import Case, F, Q, When, Window
from django.db.models.functions import RowNumber

from inspections import policy


class InspectionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=self.model.Status.PUBLISHED)

    def visible_to(self, user):
        """Published inspections for all; drafts for inspectors, admins and own-force leaders."""
        return policy.restrict(self, user, policy.VIEW)

    def latest_per_force(self):
        """Each force's latest inspection in each programme among these, chosen in the database.

        Latest is the highest published date. An inspection not yet published and not yet dated
        (a draft, for those who may see drafts) counts as newer than any dated one: it is the
        report in preparation. A published inspection whose date no source gives counts as older
        than any dated one. Between equals, the one entered last wins."""
        recency = Case(
            When(Q(published__isnull=True) & ~Q(status=self.model.Status.PUBLISHED), then=2),
            When(published__isnull=False, then=1),
            default=0,
            output_field=models.IntegerField(),
        )
        newest_first = Window(
            RowNumber(),
            partition_by=[F("force_id"), F("programme_id")],
            order_by=[recency.desc(), F("published").desc(nulls_last=True), F("pk").desc()],
        )
        return self.annotate(recency_rank=newest_first).filter(recency_rank=1)
