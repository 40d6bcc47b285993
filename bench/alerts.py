"""Time the email alerts of one publication to 10,000 confirmed followers of one force.

    psql -h 127.0.0.1 -U postgres -c "CREATE DATABASE alerts_bench"
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/alerts_bench SECRET_KEY=bench \\
        .venv/bin/python bench/alerts.py [--subscribers 10000] [--runs 3]
    # or through Redis, with a worker of 2 processes started and stopped by the bench:
    DATABASE_URL=... REDIS_URL=redis://127.0.0.1:6379/2 SECRET_KEY=bench \\
        .venv/bin/python bench/alerts.py --worker 2

The first run migrates and loads the reference data alone (forces, programmes). Each run makes
the followers afresh (bench-N@example.invalid, all confirmed, one force, immediate), then
publishes a draft inspection of that force through `publish_inspection` and times it from the
start of the publishing transaction until every follower's Delivery row is marked sent: the
commit fans the event out, and each batch task claims, renders and sends its emails. Without
--worker the tasks run inline (eagerly), one after another in this process. No mail leaves:
the backend builds each message's MIME text, as SMTP would, counts it and drops it. The
indicator recompute that publishing queues is left out (bench/indicators.py times it). The
last line is machine-readable.
"""

import argparse
import datetime
import os
import resource
import statistics
import subprocess
import sys
import time

from common import peak_mb
from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from alerts import dispatch
from alerts.models import Delivery, Subscriber, Subscription
from config import celery_app
from dashboards import scheduling
from inspections.models import Force, Grade, Inspection, Judgment, Programme
from inspections.services import publish_inspection

DOMAIN = "@example.invalid"
sent = {"messages": 0, "bytes": 0}


class CountingBackend(BaseEmailBackend):
    """Build each message as SMTP would send it, count it, and drop it."""

    def send_messages(self, email_messages):
        for message in email_messages:
            sent["bytes"] += len(message.message().as_bytes())
        sent["messages"] += len(email_messages)
        return len(email_messages)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--subscribers", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--worker", type=int, metavar="PROCESSES", default=0)
    parser.add_argument("--serve", type=int, help=argparse.SUPPRESS)  # the worker itself
    args = parser.parse_args()
    settings.EMAIL_BACKEND = f"{__name__}.CountingBackend"
    if args.serve:
        celery_app.worker_main(["worker", f"--concurrency={args.serve}", "--loglevel=WARNING"])
        return
    call_command("migrate", verbosity=0)
    if not Force.objects.exists():
        call_command("load_reference_data", reference_only=True, stdout=open(os.devnull, "w"))
    scheduling.enqueue_recompute = lambda force_id: None  # timed in bench/indicators.py
    worker = _start_worker(args.worker) if args.worker else None
    celery_app.conf.task_always_eager = worker is None
    force = Force.objects.order_by("name").first()

    timings, cpu_times, batches = [], [], []
    for run in range(args.runs):
        _followers(force, args.subscribers)
        inspection = _draft(force, run)
        sent.update(messages=0, bytes=0)
        started, cpu = time.perf_counter(), time.process_time()
        with transaction.atomic():
            event = publish_inspection(inspection=inspection).change_events.latest("pk")
        delivered = Delivery.objects.filter(event=event, sent_at__isnull=False)
        while delivered.count() < args.subscribers:  # a worker is sending them
            time.sleep(0.2)
        timings.append(time.perf_counter() - started)
        cpu_times.append(time.process_time() - cpu)
        batches.append(Delivery.objects.filter(event=event).values("claim").distinct().count())
        assert delivered.count() == args.subscribers, (delivered.count(), args.subscribers)
        print(
            f"run {run + 1}: {timings[-1]:.2f} s ({cpu_times[-1]:.2f} s processor here), "
            f"{args.subscribers:,} emails sent by {batches[-1]} send tasks"
        )
    load = os.getloadavg()
    if worker is not None:
        worker.terminate()
        worker.wait()
    peak = max(peak_mb(), peak_mb(resource.RUSAGE_CHILDREN))
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)

    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    print(f"{'followers':>22}: {args.subscribers:,} of {force.name}, immediate")
    print(f"{'send tasks per event':>22}: {batches[-1]} (batches of {dispatch.BATCH_SIZE})")
    if sent["messages"]:
        print(f"{'mean email size':>22}: {sent['bytes'] / sent['messages'] / 1024:.1f} KiB")
    print(f"{'tasks run':>22}: " + (f"by a worker of {args.worker}" if worker else "inline"))
    print(
        f"{'publish to all sent':>22}: median {statistics.median(timings):.2f} s of "
        f"{len(timings)} runs (min {min(timings):.2f}, max {max(timings):.2f})"
    )
    if worker is None:
        print(f"{'processor time':>22}: median {statistics.median(cpu_times):.2f} s")
    else:
        print(f"{'worker processor':>22}: {workers.ru_utime + workers.ru_stime:.2f} s, all runs")
    print(f"{'per email':>22}: {statistics.median(timings) / args.subscribers * 1000:.2f} ms")
    print(f"{'peak memory':>22}: {peak:.0f} MB (largest process's maximum resident size)")
    print(f"{'load average':>22}: {' '.join(f'{x:.2f}' for x in load)} (at the end)")
    print(
        f"subscribers={args.subscribers} send_tasks={batches[-1]} workers={args.worker} "
        f"all_sent_s={statistics.median(timings):.2f} peak_mb={peak:.0f}"
    )


def _start_worker(processes: int) -> subprocess.Popen:
    """A Celery worker of its own, counting emails instead of sending them."""
    if not settings.REDIS_URL:
        sys.exit("--worker needs REDIS_URL: the tasks go through the broker.")
    command = [sys.executable, __file__, f"--serve={processes}"]
    worker = subprocess.Popen(command)
    while not celery_app.control.ping(timeout=1):
        if worker.poll() is not None:
            sys.exit("The worker did not start.")
    return worker


def _followers(force: Force, count: int) -> None:
    """Replace the bench's followers with `count` addresses confirmed before the event."""
    Subscriber.objects.filter(email__endswith=DOMAIN).delete()
    confirmed = timezone.now() - datetime.timedelta(days=1)
    for start in range(0, count, 2_000):
        subscribers = Subscriber.objects.bulk_create(
            Subscriber(email=f"bench-{n}{DOMAIN}") for n in range(start, min(count, start + 2_000))
        )
        if connection.vendor != "postgresql":  # only PostgreSQL returns the new ids
            subscribers = Subscriber.objects.filter(email__in=[s.email for s in subscribers])
        Subscription.objects.bulk_create(
            Subscription(subscriber=s, force=force, confirmed_at=confirmed) for s in subscribers
        )


def _draft(force: Force, run: int) -> Inspection:
    """A draft of the force with a grade in each area, ready to publish."""
    inspection = Inspection.objects.create(
        force=force,
        programme=Programme.objects.get(slug="ncpi"),
        slug=f"alerts-bench-{timezone.now():%Y%m%d%H%M%S}-{run}",
        status=Inspection.Status.DRAFT,
        published=timezone.localdate(),
    )
    good = Grade.objects.filter(scale=inspection.programme.scale).first()
    Judgment.objects.bulk_create(
        Judgment(inspection=inspection, area=area, grade=good)
        for area in inspection.programme.areas.all()
    )
    return inspection


if __name__ == "__main__":
    main()
