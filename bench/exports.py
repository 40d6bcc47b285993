"""Benchmark the tracker's downloads and pages for a force with very many recommendations.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/inspections_bench \\
    REDIS_URL=redis://127.0.0.1:6379/5 SECRET_KEY=bench .venv/bin/python bench/exports.py \\
    [--rows 100000]

Needs a demonstration database (bench/indicators.py --generate). The force with most
recommendations is given a synthetic inspection holding enough more to reach --rows published
recommendations (made once, kept for later runs). Then, in process and signed in as an
inspector, it downloads the force's tracker as CSV and as Excel, reading each answer a chunk at
a time as a browser would, and reports the time, the size, the queries and the peak Python
growth of the process's peak memory (the CSV first, so the workbook's figure is what it
needed beyond the CSV's); and it renders the force's tracker page (first and last page)
cold, median of 5, with its query count. The last line is machine-readable.
"""

import argparse
import datetime
import statistics
import sys
import time

from common import peak_mb
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext

from findings.models import Finding
from inspections import roles
from inspections.models import AssessmentArea, Force, Inspection
from recommendations.models import Recommendation

SLUG = "bench-exports-synthetic"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000, help="recommendations to export")
    args = parser.parse_args()
    if Inspection.objects.filter(is_synthetic=False).exists():
        sys.exit("This database holds real inspections: run this on a demonstration database.")
    force = _busiest_force()
    _fill(force, args.rows)
    client = Client()
    client.force_login(_inspector())
    base = f"/tracking/forces/{force.slug}/"
    client.get(f"{base}recommendations.csv?status=met")  # imports, templates: paid once per worker
    results = {fmt: _download(client, f"{base}recommendations.{fmt}") for fmt in ("csv", "xlsx")}
    shown = Recommendation.objects.published().filter(inspection__force=force).count()
    last_page = (shown + 49) // 50
    pages = {
        "first page": _page(client, base),
        "last page": _page(client, f"{base}?page={last_page}"),
        "sorted by words": _page(client, f"{base}?sort=recommendation&page={last_page}"),
    }
    print(f"force {force.slug}: {shown:,} published recommendations, {results['csv'][4]:,} rows")
    for fmt, (seconds, size, queries, grew_mb, _) in results.items():
        print(
            f"{fmt:>5}: {size / 1e6:.1f} MB in {seconds:.1f} s, {queries} queries, "
            f"peak memory of the process grew by {grew_mb:.1f} MB"
        )
    for name, (ms, queries) in pages.items():
        print(f"tracker {name}: median {ms:.1f} ms of 5, {queries} queries")
    csv_, xlsx = results["csv"], results["xlsx"]
    print(
        f"rows={csv_[4]} csv_s={csv_[0]:.1f} csv_grew_mb={csv_[3]:.1f} xlsx_s={xlsx[0]:.1f} "
        f"xlsx_grew_mb={xlsx[3]:.1f} tracker_ms={pages['first page'][0]:.1f} "
        f"tracker_last_ms={pages['last page'][0]:.1f} "
        f"tracker_words_ms={pages['sorted by words'][0]:.1f}"
    )


def _busiest_force() -> Force:
    busiest = (
        Recommendation.objects.values("inspection__force")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    if busiest is None:
        sys.exit("No recommendations here: run bench/indicators.py --generate first.")
    return Force.objects.get(pk=busiest["inspection__force"])


def _fill(force: Force, rows: int) -> None:
    """Top the force up to `rows` published recommendations with one synthetic inspection."""
    missing = rows - Recommendation.objects.published().filter(inspection__force=force).count()
    if missing <= 0:
        return
    inspection = Inspection.objects.filter(slug=SLUG).first()
    if inspection is None:
        model = Inspection.objects.filter(force=force).select_related("programme").first()
        published = datetime.date.today() - datetime.timedelta(days=400)
        inspection = Inspection.objects.create(
            slug=SLUG,
            force=force,
            programme=model.programme,
            status=Inspection.Status.PUBLISHED,
            published=published,
            action_plan_due=Inspection.default_action_plan_due(published),
            hm_inspector="Synthetic data",
            is_synthetic=True,
        )
    area = AssessmentArea.objects.filter(programme=inspection.programme).first()
    finding = Finding.objects.create(
        inspection=inspection,
        area=area,
        kind=Finding.Kind.CAUSE_OF_CONCERN,
        title="Synthetic cause of concern for the export benchmark",
        lead_in="With immediate effect, the force should:",
    )
    start = Recommendation.objects.filter(inspection=inspection).count()
    Recommendation.objects.bulk_create(
        (
            Recommendation(
                inspection=inspection,
                finding=finding,
                position=start + i,
                text=f"make sure synthetic recommendation {start + i} is acted on and its "
                "progress is reported to the inspectorate",
                due_date=inspection.published + datetime.timedelta(days=90 + i % 400),
            )
            for i in range(missing)
        ),
        batch_size=5000,
    )


def _inspector():
    user, _ = get_user_model().objects.get_or_create(username="bench-exports-inspector")
    user.groups.add(Group.objects.get(name=roles.INSPECTORS))
    return user


def _download(client: Client, url: str) -> tuple[float, int, int, float, int]:
    before = peak_mb()
    started = time.perf_counter()
    size = lines = 0
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        assert response.status_code == 200 and response.streaming, url
        for chunk in response.streaming_content:  # as a browser reads it, nothing kept
            size += len(chunk)
            lines += chunk.count(b"\n")
        response.close()
    seconds = time.perf_counter() - started
    return seconds, size, len(queries), peak_mb() - before, lines - 1


def _page(client: Client, url: str) -> tuple[float, int]:
    client.get(url)
    times, counts = [], []
    for _ in range(5):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, url
        counts.append(len(queries))
    return statistics.median(times), max(counts)


if __name__ == "__main__":
    main()
