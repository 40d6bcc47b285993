"""Fixtures for the email alerts: emails link to the unsubscribe route, wherever it is."""

import pytest
from django.urls import NoReverseMatch, reverse


@pytest.fixture(autouse=True)
def unsubscribe_route(settings):
    """The site's own unsubscribe route, or a stand-in one (tests/alerts/urls.py) without it."""
    try:
        reverse("alerts:unsubscribe", args=["key"])
    except NoReverseMatch:
        settings.ROOT_URLCONF = "tests.alerts.urls"
