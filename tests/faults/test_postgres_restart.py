"""A PostgreSQL restart under load costs at most the requests whose query it cut short.

gunicorn (2 sync workers, as docker-compose.yml runs it) serves the private cluster while eight
clients request pages and the API for 12 s; 4 s in, the cluster restarts (`pg_ctl restart -m
fast`). Each worker keeps its connection (CONN_MAX_AGE) and checks it before use (health
checks), and a refused new connection is tried again for up to 3 s (config/postgresql), so:

- at most one request per worker fails: the one whose query was running when the server
  ended its session (bound: 2 failed requests);
- nothing fails outside the restart, and afterwards every page answers again from the same
  gunicorn workers, never restarted.
"""

import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.faults.servers import ROOT, app_env, eventually

pytestmark = pytest.mark.faults

WORKERS = 2
CLIENTS = 8
LOAD_SECONDS = 12
RESTART_AFTER = 4
# Pages and API reads that query the database on every request, and the national overview,
# which a worker serves from its cache.
PATHS = [
    "/inspections/gloucestershire-ncpi-2025-05-21/",
    "/api/inspections/?force=gloucestershire",
    "/api/recommendations/?force=gloucestershire",
    "/api/indicators/grades/?force=gloucestershire",
    "/healthz",
    "/dashboards/",
]


@dataclass(frozen=True)
class Outcome:
    path: str
    started: float
    ended: float
    status: int | str


def test_a_restart_under_load_fails_at_most_the_requests_in_flight(private_postgres, tmp_path):
    log = tmp_path / "gunicorn.log"
    with _gunicorn(private_postgres.url, log) as (server, base):
        for path in PATHS:  # every path answers before the load, so a failure means the restart
            assert _get(base + path) == 200, f"{path}\n{log.read_text()[-3000:]}"
        workers = _children(server.pid)
        assert len(workers) == WORKERS, log.read_text()[-3000:]
        postmaster = private_postgres.postmaster_pid()

        outcomes: list[Outcome] = []
        stop_at = time.monotonic() + LOAD_SECONDS
        clients = [
            threading.Thread(target=_client, args=(base, n, stop_at, outcomes))
            for n in range(CLIENTS)
        ]
        for client in clients:
            client.start()
        time.sleep(RESTART_AFTER)
        restart_began = time.monotonic()
        private_postgres.restart()
        restart_ended = time.monotonic()
        for client in clients:
            client.join(timeout=LOAD_SECONDS + 30)

        assert private_postgres.postmaster_pid() != postmaster  # it really restarted
        during = [o for o in outcomes if o.ended > restart_began and o.started < restart_ended]
        assert during, "no request was running while PostgreSQL restarted"
        failed = [o for o in outcomes if o.status != 200]
        assert len(failed) <= WORKERS, _summary(failed, outcomes, restart_began, restart_ended)
        # Only requests running at the moment of the restart may fail.
        assert all(o.ended > restart_began and o.started < restart_ended for o in failed)
        after = [o for o in outcomes if o.started > restart_ended]
        assert len(after) > 50 and all(o.status == 200 for o in after)
        for path in PATHS:
            assert _get(base + path) == 200, path
        assert _children(server.pid) == workers  # the same workers: the app never restarted


def _client(base: str, n: int, stop_at: float, outcomes: list[Outcome]) -> None:
    while time.monotonic() < stop_at:
        path = PATHS[n % len(PATHS)]
        n += 1
        started = time.monotonic()
        status = _get(base + path)
        outcomes.append(Outcome(path, started, time.monotonic(), status))


def _get(url: str) -> int | str:
    try:
        with urllib.request.urlopen(url, timeout=20) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError as error:  # refused, reset or timed out: a failed request too
        return type(error).__name__


def _summary(failed, outcomes, began, ended) -> str:
    lines = [f"{len(failed)} of {len(outcomes)} requests failed; restart {ended - began:.2f} s"]
    lines += [f"  {o.path} {o.status} at {o.started - began:+.2f} s" for o in failed[:20]]
    return "\n".join(lines)


def _children(pid: int) -> set[int]:
    return {int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()}


@contextmanager
def _gunicorn(database_url: str, log: Path):
    """gunicorn as bench/dashboards.py starts it, serving the private cluster, on a socket the
    test opened: no other server can take its port in between."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(128)
    base = f"http://127.0.0.1:{listener.getsockname()[1]}"
    command = [sys.executable, "-m", "gunicorn", "config.wsgi:application"]
    command += ["--workers", str(WORKERS), "--worker-class", "sync"]
    command += ["--bind", f"fd://{listener.fileno()}", "--no-control-socket"]
    with open(log, "ab") as out:
        server = subprocess.Popen(
            command,
            cwd=ROOT,
            env=app_env(DATABASE_URL=database_url),
            stdout=out,
            stderr=subprocess.STDOUT,
            pass_fds=[listener.fileno()],
        )
    listener.close()
    try:
        if not eventually(lambda: _get(f"{base}/robots.txt") == 200, timeout=60, interval=0.2):
            raise AssertionError(f"gunicorn did not start:\n{log.read_text()[-3000:]}")
        # Both workers must be up before the load, or a late one would look like a restart.
        eventually(lambda: len(_children(server.pid)) == WORKERS, timeout=30)
        yield server, base
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
