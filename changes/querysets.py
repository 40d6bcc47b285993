"""Chainable filters for the change log; who may see an event is the policy's to say."""

from django.db import models

from inspections import policy


class ChangeEventQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Public events for all; the rest for the inspectorate and the force's own leaders."""
        return policy.restrict(self, user, policy.VIEW)

    def described(self):
        """With the rows a description reads (changes.describe), in one query."""
        return self.select_related("force", "programme", "inspection")
