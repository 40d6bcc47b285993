"""Dashboard pages read indicators: tests asking for them recompute them first."""

import pytest
from django.core.cache import cache

from dashboards.services import recompute_all_indicators


@pytest.fixture
def fresh_indicators():
    """Indicators recomputed from the test's data, and no page cached before or after."""
    cache.clear()
    recompute_all_indicators()
    yield
    cache.clear()
