"""Measure the same costs at the small, large and xlarge synthetic scales, on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_xlarge \\
    REDIS_URL=redis://127.0.0.1:6379/4 SECRET_KEY=bench \\
        .venv/bin/python bench/scale.py --scale xlarge --generate

--generate makes the database named by DATABASE_URL if it is missing, migrates it, loads the
reference data alone (`load_reference_data --reference-only`) and runs
`generate_demo_data --seed 1 --scale SCALE`, timing it and its peak memory. Without it the
database must already hold that scale's data. Then, in order:

1. full recompute (median of --runs), one force (median over 20 forces), peak memory;
2. cold renders (cache emptied before each, median of --renders) of the national overview, the
   force dashboard, an inspection page, /my-force/ (as the force's leader), /tracking/ and the
   force's tracker (as an inspector), for the force with most open recommendations, and of the
   API lists, with each one's query count;
3. gunicorn (2 sync workers) under wrk, 16 clients for 10 s each: the cached overview and force
   dashboard against a trivial view (/robots.txt), then API list reads spread over nine lists
   (p50 and p99 latency), anonymous (the pages kept for anonymous readers) and then signed in
   with the inspector's token (every request read afresh);
4. the database's size.

Times are wall-clock; each `_cpu_` figure beside one is this process's processor time (not
the database's), which waits for a busy machine's processors do not inflate. Progress goes to
stderr; the last line on stdout is machine-readable. Needs wrk and Redis.
"""

import argparse
import os
import re
import resource
import signal
import statistics
import subprocess
import sys
import time

from common import cold_times, cpu_one, peak_mb, progress, start_gunicorn, wrk, wrk_paths
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from knox.models import AuthToken

from dashboards import services
from dashboards.demo_data import SCALES
from dashboards.models import GradeIndicator
from findings.models import CaseFileStatistic
from inspections import roles
from inspections.models import Force, ForceMembership, Inspection
from recommendations.models import ProgressUpdate, Recommendation

LEADER, INSPECTOR = "bench-leader", "bench-inspector"
API_LISTS = [
    "/api/recommendations/?force={force}",
    "/api/progress-updates/?force={force}",
    "/api/inspections/?force={force}",
    "/api/indicators/statistics/?force={force}",
    "/api/indicators/grades/?force={force}",
    "/api/recommendations/",
    "/api/progress-updates/",
    "/api/findings/",
    "/api/statistics/",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", choices=sorted(SCALES), required=True)
    parser.add_argument("--generate", action="store_true")
    parser.add_argument("--runs", type=int, default=3, help="full recomputes")
    parser.add_argument("--renders", type=int, default=20, help="cold renders per page")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to a PostgreSQL database: the scales are measured there.")
    if not settings.REDIS_URL:
        sys.exit("Set REDIS_URL: cached pages are measured with Redis, as in production.")
    generated = _generate(args.scale) if args.generate else {}
    if not Inspection.objects.filter(is_synthetic=True).exists():
        sys.exit("No synthetic data here: run with --generate first.")

    figures = {"scale": args.scale, **generated, **_recompute(args.runs)}
    # The recomputes replaced every indicator row several times over: clear the dead rows
    # and refresh the planner's statistics, as autovacuum would before long.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    force = busiest_force()
    progress(f"cold renders, the busiest force being {force.slug}")
    figures.update(_cold_renders(force, args.renders))
    progress("gunicorn under wrk: cached pages, then API lists")
    figures.update(_under_load(force, inspector_token()))
    figures["db_mb"] = _database_mb()
    figures.update(_sizes())
    for name, value in figures.items():
        print(f"{name:>22}: {value}")
    print(_last_line(figures))


def _generate(scale: str) -> dict:
    _create_database()
    progress("migrating and loading the reference data")
    call_command("migrate", verbosity=0)
    call_command("load_reference_data", reference_only=True, stdout=open(os.devnull, "w"))
    progress(f"generating the {scale} dataset (and recomputing its indicators)")
    started = time.perf_counter()
    # A process of its own, so that its peak memory is its own.
    subprocess.run(
        [sys.executable, "manage.py", "generate_demo_data", "--seed", "1", "--scale", scale],
        cwd=settings.BASE_DIR,
        check=True,
        stdout=sys.stderr,
    )
    children = peak_mb(resource.RUSAGE_CHILDREN)
    return {"generate_s": round(time.perf_counter() - started, 1), "generate_mb": round(children)}


def _create_database() -> None:
    name = connection.settings_dict["NAME"]
    with connection._nodb_cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            progress(f"creating the database {name}")
            cursor.execute(f"CREATE DATABASE {connection.ops.quote_name(name)}")


def _recompute(runs: int) -> dict:
    progress("warming up: one full recompute")
    services.recompute_all_indicators()
    progress(f"full recompute, {runs} runs")
    full = [cpu_one(services.recompute_all_indicators) for _ in range(runs)]
    progress("one force, 20 forces")
    one = [
        cpu_one(lambda f=force: services.recompute_force_indicators(force=f))
        for force in Force.objects.order_by("pk")[:20]
    ]
    return {
        "full_s": round(statistics.median(wall for wall, _ in full), 3),
        "full_cpu_s": round(statistics.median(cpu for _, cpu in full), 3),
        "one_force_s": round(statistics.median(wall for wall, _ in one), 3),
        "one_force_cpu_s": round(statistics.median(cpu for _, cpu in one), 3),
        "one_force_max_s": round(max(wall for wall, _ in one), 3),
        "peak_mb": round(peak_mb()),
    }


def busiest_force() -> Force:
    slug = (
        GradeIndicator.objects.filter(area__isnull=True, force__isnull=False)
        .order_by("-recommendations_open", "force_id")
        .values_list("force__slug", flat=True)
        .first()
    )
    return Force.objects.get(slug=slug)


def pages(force: Force) -> dict[str, tuple[str, object]]:
    """The pages and API lists measured, by name: their address and who asks (None: the
    public), for the force with most open recommendations."""
    inspection = Inspection.objects.published().filter(force=force).order_by("-published")[0]
    leader, inspector = _users(force)
    measured = {
        "overview": ("/dashboards/", None),
        "force": (f"/forces/{force.slug}/", None),
        "inspection": (f"/inspections/{inspection.slug}/", None),
        "my_force": ("/my-force/", leader),
        "tracking_list": ("/tracking/", inspector),
        "tracking": (f"/tracking/forces/{force.slug}/", inspector),
    }
    for url in API_LISTS:
        name = "api_" + re.sub(r"\W+", "_", url[5:].replace("{force}", "")).strip("_")
        measured[name] = (url.replace("{force}", force.slug), None)
    return measured


def client_for(user) -> Client:
    client = Client()
    if user:
        client.force_login(user)
    return client


def _cold_renders(force: Force, runs: int) -> dict:
    figures = {}
    for name, (url, user) in pages(force).items():
        progress(f"cold renders: {url}")
        client = client_for(user)
        wall, processor = cold_times(url, runs, client)
        figures[f"{name}_ms"], figures[f"{name}_cpu_ms"] = round(wall, 1), round(processor, 1)
        figures[f"{name}_queries"] = _queries(client, url)
    return figures


def _queries(client: Client, url: str) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return len(queries)


def _users(force: Force):
    """A leader of the force and an inspector, made once in the bench database."""
    users = {}
    for username, role in ((LEADER, roles.FORCE_LEADERS), (INSPECTOR, roles.INSPECTORS)):
        users[username], made = get_user_model().objects.get_or_create(username=username)
        if made:
            users[username].groups.add(Group.objects.get(name=role))
    ForceMembership.objects.update_or_create(user=users[LEADER], defaults={"force": force})
    return users[LEADER], users[INSPECTOR]


def inspector_token() -> str:
    """An API token of the bench's inspector, whose lists are never answered from the cache."""
    user = get_user_model().objects.get(username=INSPECTOR)
    AuthToken.objects.filter(user=user).delete()
    return AuthToken.objects.create(user)[1]


def _under_load(force: Force, token: str) -> dict:
    # 16 clients share one address: the anonymous API limit is raised, not removed (as in
    # bench/load.sh), so the throttle's Redis round trips stay in the figures.
    server = start_gunicorn({"DEBUG": "0", "API_ANON_RATE": "1000000/second"})
    lists = [url.replace("{force}", force.slug) for url in API_LISTS]
    try:
        rps = {
            name: wrk(url)[0]
            for name, url in {
                "trivial": "/robots.txt",
                "overview": "/dashboards/",
                "force": f"/forces/{force.slug}/",
            }.items()
        }
        # Anonymous readers get kept pages (config/api_lists.py); a signed-in reader's every
        # request reads the database and serializes its rows.
        api = wrk_paths(lists)
        signed_in = wrk_paths(lists, headers={"Authorization": f"Token {token}"})
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=20)
    return {
        "trivial_rps": round(rps["trivial"]),
        "overview_rps": round(rps["overview"]),
        "force_rps": round(rps["force"]),
        "ratio_vs_trivial": round(min(rps["overview"], rps["force"]) / rps["trivial"], 2),
        "api_rps": api["rps"],
        "api_p50_ms": api["p50_ms"],
        "api_p99_ms": api["p99_ms"],
        "api_errors": int(api["errors"]),
        "api_signed_in_rps": signed_in["rps"],
        "api_signed_in_p50_ms": signed_in["p50_ms"],
        "api_signed_in_p99_ms": signed_in["p99_ms"],
        "api_signed_in_errors": int(signed_in["errors"]),
    }


def _database_mb() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_database_size(current_database())")
        return round(cursor.fetchone()[0] / 1024 / 1024)


def _sizes() -> dict:
    return {
        "inspections": Inspection.objects.count(),
        "recommendations": Recommendation.objects.count(),
        "progress_updates": ProgressUpdate.objects.count(),
        "statistics": CaseFileStatistic.objects.count(),
        "load_average": " ".join(f"{n:.2f}" for n in os.getloadavg()),
    }


LAST_LINE = (
    "scale full_s one_force_s peak_mb overview_ms force_ms tracking_ms ratio_vs_trivial "
    "api_p99_ms inspection_ms my_force_ms tracking_list_ms api_p50_ms api_signed_in_p50_ms "
    "api_signed_in_p99_ms db_mb"
).split()


def _last_line(figures: dict) -> str:
    return " ".join(f"{name}={figures[name]}" for name in LAST_LINE)


if __name__ == "__main__":
    main()
