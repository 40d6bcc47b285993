"""Benchmark the dashboard pages on the large synthetic dataset.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/inspections_bench \\
    REDIS_URL=redis://127.0.0.1:6379/5 SECRET_KEY=bench .venv/bin/python bench/dashboards.py \\
    [--cold-only] [--runs 20]

Needs the dataset of `bench/indicators.py --generate` and wrk (apt-get install wrk). It
measures, on PostgreSQL:
1. cold renders (cache emptied before each request), in process: median of 20 (--runs);
2. gunicorn with 2 sync workers on 127.0.0.1 under wrk (16 connections, 10 s each, bounded):
   requests per second of the cached public pages against a trivial view (/robots.txt);
3. bytes a browser transfers (gzip) on a first visit and on a repeat visit.
The last line is machine-readable. --cold-only measures the cold renders alone (no gunicorn,
no wrk), for profiling the pages' render time.
"""

import argparse
import gzip
import re
import signal
import sys
import urllib.request

from common import BASE, cold_ms, start_gunicorn, wrk

from dashboards.models import GradeIndicator


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cold-only", action="store_true", help="skip the load and size checks")
    parser.add_argument("--runs", type=int, default=20, help="cold renders per page")
    args = parser.parse_args()
    force = (
        GradeIndicator.objects.filter(area__isnull=True, force__isnull=False)
        .order_by("-recommendations_open")
        .values_list("force__slug", flat=True)
        .first()
    )
    if force is None:
        sys.exit("No indicators here: run bench/indicators.py --generate first.")
    pages = {"overview": "/dashboards/", "force": f"/forces/{force}/"}
    cold = {name: cold_ms(url, args.runs) for name, url in pages.items()}
    if args.cold_only:
        for name in pages:
            print(f"{name:>9} cold render: median {cold[name]:.1f} ms of {args.runs}")
        print(f"overview_ms={cold['overview']:.1f} force_ms={cold['force']:.1f}")
        return

    server = start_gunicorn()
    try:
        rps = {name: wrk(url) for name, url in {"trivial": "/robots.txt", **pages}.items()}
        first, repeat = _transfer_kb(pages["overview"])
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=20)

    ratio = min(rps["overview"][0], rps["force"][0]) / rps["trivial"][0]
    print(f"force dashboard page: {pages['force']}")
    for name in pages:
        print(f"{name:>9} cold render: median {cold[name]:.1f} ms of {args.runs}")
    for name, (per_second, errors) in rps.items():
        print(f"{name:>9} under load: {per_second:,.0f} requests/s, {errors} errors")
    print(f"first visit {first:.0f} KB, repeat visit {repeat:.1f} KB (gzip)")
    print(
        f"overview_ms={cold['overview']:.1f} force_ms={cold['force']:.1f} "
        f"ratio_vs_trivial={ratio:.2f} first_load_kb={first:.0f} repeat_load_kb={repeat:.1f}"
    )


def _transfer_kb(url: str) -> tuple[float, float]:
    """Bytes over the wire with gzip: the page and every asset it loads, then the page alone
    (assets have hashed names and a year-long cache lifetime, so a repeat visit skips them)."""
    html, page_bytes = _fetch(url)
    assets = set(re.findall(r'(?:href|src)="(/static/[^"]+)"', html))
    asset_bytes = sum(_fetch(asset)[1] for asset in assets)
    return (page_bytes + asset_bytes) / 1024, page_bytes / 1024


def _fetch(path: str) -> tuple[str, int]:
    request = urllib.request.Request(BASE + path, headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request, timeout=10) as response:
        body = response.read()
        text = gzip.decompress(body) if response.headers.get("Content-Encoding") == "gzip" else body
    return text.decode("utf-8", "replace"), len(body)


if __name__ == "__main__":
    main()
