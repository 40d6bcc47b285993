"""Two forces, each with a published inspection and a draft, every kind of row under each."""

import datetime
import uuid

import pytest
from django.core.cache.backends.locmem import LocMemCache
from rest_framework.test import APIClient

from config.api import AnonymousRateThrottle
from tests.api.builders import World, leader_of, make_inspection
from tests.factories import ForceFactory


@pytest.fixture(autouse=True)
def own_throttle_cache(monkeypatch):
    """Count each test's anonymous requests afresh, away from the shared (Redis) cache."""
    monkeypatch.setattr(AnonymousRateThrottle, "cache", LocMemCache(uuid.uuid4().hex, {}))


@pytest.fixture
def api() -> APIClient:
    return APIClient()


@pytest.fixture
def world(db) -> World:
    force_a = ForceFactory(region="North West")
    force_b = ForceFactory(region="South West")
    return World(
        force_a=force_a,
        force_b=force_b,
        published_a=make_inspection(
            force_a, published=datetime.date(2024, 5, 1), grade_slug="good"
        ),
        draft_a=make_inspection(force_a, published=None, grade_slug="adequate"),
        published_b=make_inspection(
            force_b, published=datetime.date(2025, 2, 1), grade_slug="good"
        ),
        draft_b=make_inspection(force_b, published=None, grade_slug="inadequate"),
    )


@pytest.fixture
def leader_a(world):
    return leader_of(world.force_a)
