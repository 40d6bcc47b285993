"""Time the indicator recompute on the large synthetic dataset.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/inspections_bench \\
        SECRET_KEY=bench .venv/bin/python bench/indicators.py [--generate] [--runs 5]

--generate loads the reference data alone (`load_reference_data --reference-only`: forces,
programmes, themes) and runs `generate_demo_data --seed 1 --scale large` (into an empty or
earlier bench database: synthetic data lives in a database of its own, never beside real
inspections). The last line is machine-readable.
"""

import argparse
import os
import statistics
import sys

from common import peak_mb, time_one, timed
from django.core.management import call_command
from django.db import connection

from dashboards import services
from findings.models import CaseFileStatistic
from inspections.models import Force, Inspection
from recommendations.models import ProgressUpdate, Recommendation


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--generate", action="store_true")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if args.generate:
        call_command("migrate", verbosity=0)
        call_command("load_reference_data", reference_only=True, stdout=open(os.devnull, "w"))
        call_command("generate_demo_data", seed=1, scale="large")
    if not Inspection.objects.filter(is_synthetic=True).exists():
        sys.exit("No synthetic data here: run with --generate first.")

    sizes = {
        "inspections": Inspection.objects.count(),
        "recommendations": Recommendation.objects.count(),
        "progress updates": ProgressUpdate.objects.count(),
        "case-file statistics": CaseFileStatistic.objects.count(),
    }
    forces = list(Force.objects.order_by("pk"))
    services.recompute_all_indicators()  # warm caches and imports

    full = timed(services.recompute_all_indicators, args.runs)
    one = [
        time_one(lambda f=force: services.recompute_force_indicators(force=f))
        for force in forces[: max(args.runs * 4, 10)]
    ]
    peak = peak_mb()

    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    for name, count in sizes.items():
        print(f"{name:>22}: {count:,}")
    print(
        f"{'full recompute':>22}: median {statistics.median(full):.3f} s of {len(full)} runs "
        f"(min {min(full):.3f}, max {max(full):.3f})"
    )
    print(
        f"{'one force':>22}: median {statistics.median(one):.3f} s of {len(one)} forces "
        f"(min {min(one):.3f}, max {max(one):.3f})"
    )
    print(f"{'peak memory':>22}: {peak:.0f} MB (process maximum resident size)")
    print(
        f"full_recompute_s={statistics.median(full):.3f} "
        f"one_force_s={statistics.median(one):.3f} peak_mb={peak:.0f}"
    )


if __name__ == "__main__":
    main()
