"""The Celery app: configured from Django settings under the CELERY_ namespace."""

import os

from celery import Celery
from django.db import OperationalError
from kombu.exceptions import OperationalError as BrokerError
from redis.exceptions import RedisError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("inspection_findings")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Every task retries when the database goes away mid-task (a restart, a failover).
RETRY = {"autoretry_for": (OperationalError,), "retry_backoff": True, "max_retries": 5}
# What queueing a task raises when the broker cannot be reached.
BROKER_ERRORS = (BrokerError, RedisError, OSError)
