"""Chainable filters for the change log; who may see an event is the policy's to say."""

import datetime

from django.db import models

from inspections import policy

# How long after it is recorded an event is listed to those who read the log in order (the
# API). The transaction recording an event may commit after a later one: until it does, its
# event is not there to read, and a reader that had moved past it would never see it.
SETTLING = datetime.timedelta(seconds=10)


class ChangeEventQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Public events for all; the rest for the inspectorate and the force's own leaders."""
        return policy.restrict(self, user, policy.VIEW)

    def described(self):
        """With the rows a description reads (changes.describe), in one query."""
        return self.select_related("force", "programme", "inspection")

    def settled(self, *, now: datetime.datetime):
        """The events before the first one recorded less than SETTLING ago, in id order.

        Read in id order up to the first unsettled event, the log has no gaps that a late
        commit can fill, provided every transaction commits within SETTLING of recording its
        events (and the clocks of the machines recording them agree to within a second or so).
        """
        # Asked first, so that the page's query compares ids with a number its planner knows.
        recent = self.model.objects.filter(happened_at__gt=now - SETTLING).order_by("pk")
        first_unsettled = recent.values_list("pk", flat=True).first()
        return self if first_unsettled is None else self.filter(pk__lt=first_unsettled)
