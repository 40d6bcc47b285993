"""The anonymous rate limit holds under parallel requests: exactly the rate gets through.

With REDIS_URL set the count is kept in the real Redis cache, as in production.
"""

import threading
import uuid

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import caches
from django.test import RequestFactory

from config.api import AnonymousRateThrottle

NOW = 1_800_000_000.0  # one fixed moment: the test never straddles two windows
HOUR = 3600


@pytest.fixture
def throttle_cache(monkeypatch):
    """The configured cache, not the API tests' private one."""
    monkeypatch.setattr(AnonymousRateThrottle, "cache", caches["default"])
    monkeypatch.setattr(AnonymousRateThrottle, "timer", staticmethod(lambda: NOW))
    monkeypatch.setattr(AnonymousRateThrottle, "THROTTLE_RATES", {"anon": "100/hour"})


def _request(address: str):
    request = RequestFactory().get("/api/forces/", REMOTE_ADDR=address)
    request.user = AnonymousUser()
    return request


def _allowed_in_parallel(address: str, *, clients: int, each: int) -> list[bool]:
    start = threading.Barrier(clients)
    answers: list[bool] = []

    def client():
        start.wait()  # all at once, as 50 clients of a load test
        for _ in range(each):
            answers.append(AnonymousRateThrottle().allow_request(_request(address), None))

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


def test_fifty_parallel_clients_get_exactly_the_rate_through(throttle_cache):
    address = f"192.0.2.{uuid.uuid4().int % 250}"
    answers = _allowed_in_parallel(address, clients=50, each=6)
    assert len(answers) == 300
    assert answers.count(True) == 100


def test_each_address_has_its_own_count_and_a_new_window_starts_afresh(throttle_cache, monkeypatch):
    one, other = _request("198.51.100.1"), _request("198.51.100.2")
    assert all(AnonymousRateThrottle().allow_request(one, None) for _ in range(100))
    throttle = AnonymousRateThrottle()
    assert not throttle.allow_request(one, None)
    assert throttle.wait() == HOUR - NOW % HOUR  # Retry-After: until the window ends
    assert AnonymousRateThrottle().allow_request(other, None)
    monkeypatch.setattr(AnonymousRateThrottle, "timer", staticmethod(lambda: NOW + HOUR))
    assert AnonymousRateThrottle().allow_request(one, None)
