"""Versions that cache keys hold: the indicators' (every dashboard page's, bumped by each
recompute) and the data's (every API list page's, bumped by each write)."""

import functools
import logging
import re
import secrets

from django.apps import apps
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

logger = logging.getLogger(__name__)
KEY = "indicators:version"


def current(key: str) -> str:
    """The version under `key` (KEY or DATA_KEY), made anew if the cache has lost it.

    A version made after the cache lost its own (emptied, evicted, restarted) ends in a new
    random part, so that no copy kept from before, in the cache or in a web process's memory
    (caching.py), can pass for current. The first process to store one wins; the rest read it.
    """
    version = cache.get(key)
    if version is None:
        version = _FRESH[key]()
        if not cache.add(key, version, timeout=None):
            version = cache.get(key) or version
    return version


def current_version() -> str:
    return current(KEY)


def _fresh_indicator_version() -> str:
    from dashboards.selectors import indicator_version  # the database's, read once

    return f"{indicator_version()}~{secrets.token_hex(4)}"


def bump_version() -> None:
    """Give cached pages a new key once the current transaction has committed."""
    transaction.on_commit(store_new_version)


def store_new_version() -> None:
    _store(KEY, timezone.now().isoformat(), "indicator")
    # A recompute is also the way to show a change made outside Django (README): it always
    # retires the kept API pages, whether or not its own writes did.
    store_new_data_version()


# The data version: part of the key of every API list page kept for anonymous readers
# (config/api_lists.py), changed after each committed write to the tables those lists read.
DATA_KEY = "data:version"
WATCHED_APPS = ("inspections", "findings", "recommendations", "dashboards")
# The statements Django writes rows with; COPY is reported by dashboards/bulk.py itself.
WRITE = re.compile(r'(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)', re.IGNORECASE)


def current_data_version() -> str:
    return current(DATA_KEY)


def store_new_data_version() -> None:
    _store(DATA_KEY, secrets.token_hex(8), "data")


def _store(key: str, version: str, what: str) -> None:
    try:
        cache.set(key, version, timeout=None)
    except Exception as error:  # an unreachable cache must not fail the write that changed data
        logger.warning("Could not store the new %s version: %s", what, error)


def data_changed(connection) -> None:
    """Change the data version once the current transaction commits (at once outside one).

    After the commit, not before: a reader who took the new version before the rows were
    visible would keep the old rows under it. A transaction changes it once for each statement
    that wrote (a few dozen for a recompute), each a small write to the cache."""
    connection.on_commit(store_new_data_version)


def watch_writes(sender, connection, **kwargs) -> None:
    """connection_created's receiver: note every write the connection makes to a watched
    table, whichever path made it (a model's save, a queryset's update, raw SQL)."""
    if _note_write not in connection.execute_wrappers:
        connection.execute_wrappers.append(_note_write)


def _note_write(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    match = WRITE.match(sql)
    if match and match.group(1) in _watched_tables():
        data_changed(context["connection"])
    return result


@functools.cache
def _watched_tables() -> frozenset[str]:
    return frozenset(
        model._meta.db_table
        for label in WATCHED_APPS
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
    )


_FRESH = {KEY: _fresh_indicator_version, DATA_KEY: lambda: secrets.token_hex(8)}
