"""Django's PostgreSQL backend, except that a refused new connection is tried again briefly.

A PostgreSQL restart (a minor upgrade, a failover, `pg_ctl restart`) refuses connections for
about a second. Each request checks its kept connection first (CONN_HEALTH_CHECKS) and opens a
new one when the server has gone, so waiting here turns that second into slower responses
instead of a burst of errors. Past the wait the error is raised as before, so an outage still
fails the request within a few seconds.
"""

import itertools
import logging
import time

from django.db.backends.postgresql import base

logger = logging.getLogger(__name__)
CONNECT_WAIT_SECONDS = 3.0
RETRY_INTERVAL_SECONDS = 0.2


class DatabaseWrapper(base.DatabaseWrapper):
    def get_new_connection(self, conn_params):
        deadline = time.monotonic() + CONNECT_WAIT_SECONDS
        for attempt in itertools.count():
            try:
                return super().get_new_connection(conn_params)
            except self.Database.OperationalError as error:
                if time.monotonic() + RETRY_INTERVAL_SECONDS > deadline:
                    raise
                if attempt == 0:
                    logger.warning(
                        "PostgreSQL refused a connection; trying again for up to %.0f s: %s",
                        CONNECT_WAIT_SECONDS,
                        str(error).strip(),
                    )
                time.sleep(RETRY_INTERVAL_SECONDS)
