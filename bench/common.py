"""What the benchmarks share: Django set up for a bench database, timing, cold renders in
process, gunicorn on 127.0.0.1 and wrk against it.

Import it before anything from the project: it sets Django up.
"""

import os
import re
import resource
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
os.environ.setdefault("HTTPS", "0")  # gunicorn is reached over plain HTTP here
os.environ.setdefault("LOG_LEVEL", "WARNING")  # sign-ins and such would drown the progress

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.test import Client  # noqa: E402

PORT = 8765
BASE = f"http://127.0.0.1:{PORT}"


def progress(message: str) -> None:
    """Say what the bench is doing, on stderr, so that a long run can be followed."""
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def peak_mb(who: int = resource.RUSAGE_SELF) -> float:
    """The peak resident memory so far of this process (or its waited-for children), in MB
    (Linux reports it in KB)."""
    return resource.getrusage(who).ru_maxrss / 1024


def timed(function, runs: int) -> list[float]:
    return [time_one(function) for _ in range(runs)]


def time_one(function) -> float:
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def cpu_one(function) -> tuple[float, float]:
    """The wall-clock and processor seconds of one call."""
    started, started_cpu = time.perf_counter(), time.process_time()
    function()
    return time.perf_counter() - started, time.process_time() - started_cpu


def cold_ms(url: str, runs: int, client: Client | None = None) -> float:
    """The median time to render a page with the cache emptied before each request."""
    return cold_times(url, runs, client)[0]


def cold_times(url: str, runs: int, client: Client | None = None) -> tuple[float, float]:
    """The median wall-clock and processor milliseconds to render a page with the cache
    emptied before each request. On a machine shared with other work the wall clock also
    counts the waits for a processor; the processor time (this process's, not the
    database's) does not."""
    collect_static()
    client = client or Client()
    client.get(url)  # imports and template loading: not what a warm worker pays
    wall, processor = [], []
    for _ in range(runs):
        cache.clear()
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        wall.append((time.perf_counter() - started) * 1000)
        processor.append((time.process_time() - started_cpu) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(wall), statistics.median(processor)


def collect_static() -> None:
    """Pages name their static files from the manifest, which a fresh checkout lacks."""
    if not _collected:
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
            cwd=ROOT,
            check=True,
        )
        _collected.append(True)


_collected: list[bool] = []


def start_gunicorn(env: dict | None = None) -> subprocess.Popen:
    """gunicorn with 2 sync workers, as docker-compose.yml runs it, on 127.0.0.1:PORT."""
    collect_static()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "--workers",
            "2",
            "--worker-class",
            "sync",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--no-control-socket",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"{BASE}/robots.txt", timeout=1)
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    sys.exit("gunicorn did not start")


def wrk(url: str) -> tuple[float, int]:
    """Requests per second of one address under 16 clients for 10 s, and the failed ones."""
    for _ in range(3):  # warm both workers' caches
        urllib.request.urlopen(BASE + url, timeout=10).read()
    out = subprocess.run(
        ["wrk", "-t2", "-c16", "-d10s", "--timeout", "5s", BASE + url],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    per_second = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return per_second, int(errors.group(1)) if errors else 0


def wrk_paths(
    paths: list[str],
    *,
    connections: int = 16,
    duration: str = "10s",
    headers: dict[str, str] | None = None,
) -> dict:
    """wrk spread over several addresses (bench/load.lua): its machine-readable summary."""
    headers = headers or {}
    for path in paths:  # a typo would otherwise be a fast 404 under load
        request = urllib.request.Request(BASE + path, headers=headers)
        with urllib.request.urlopen(request, timeout=30) as response:
            assert response.status == 200, (path, response.status)
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{duration}", "--latency", "--timeout", "5s"]
        + [argument for name, value in headers.items() for argument in ("-H", f"{name}: {value}")]
        + ["-s", str(ROOT / "bench" / "load.lua"), BASE, "--", *paths],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout
    last = out.strip().splitlines()[-1]
    return {key: float(value) for key, value in re.findall(r"(\w+)=([\d.]+)", last)}
