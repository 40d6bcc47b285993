"""Private PostgreSQL and Redis servers, app processes and Celery workers for the fault tests.

Everything here runs on 127.0.0.1, on free ports, in temporary folders: never the machine's
own PostgreSQL or Redis.
"""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import psycopg2
import redis

from tests.celery_helpers import celery_configured

ROOT = Path(__file__).resolve().parent.parent.parent
AS_POSTGRES = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
# A worker of the tests' own gives up on an unacknowledged task after 5 s instead of an hour,
# and looks for such tasks every second.
TRANSPORT_OPTIONS = {
    "visibility_timeout": 5,
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}
# `celery -A config worker` as docker-compose.yml runs it (prefork), with one child and the
# transport options above on top of the settings'.
WORKER = """
import json, os
from config.celery import app
app.conf.broker_transport_options = {
    **app.conf.broker_transport_options, **json.loads(os.environ["TEST_TRANSPORT_OPTIONS"])
}
app.worker_main(["worker", "--pool", "prefork", "--concurrency", "1", "--loglevel", "INFO",
                 "--without-gossip", "--without-mingle", "--without-heartbeat"])
"""


def postgres_bin() -> Path | None:
    """The folder of initdb and pg_ctl: PG_BIN, the newest Debian cluster version, or PATH."""
    if os.environ.get("PG_BIN"):
        return Path(os.environ["PG_BIN"])
    versions = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3])
    )
    if versions:
        return versions[-1].parent
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def eventually(check, *, timeout: float, interval: float = 0.1):
    """Return check()'s first true value, or its last value after timeout seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(interval)


class PrivatePostgres:
    """A PostgreSQL cluster in a folder of its own, on a free port, with a database 'app'."""

    def __init__(self, folder: Path):
        self.bin = postgres_bin()
        self.folder = folder
        self.data = folder / "data"
        self._use_port(free_port())

    def _use_port(self, port: int) -> None:
        self.port = port
        self.url = f"postgres://postgres@127.0.0.1:{port}/app"
        # A throwaway cluster: durability off, so migrations and commits are quick.
        self.options = (
            f"-p {port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c shared_buffers=32MB"
        )

    def initdb(self) -> None:
        self._run("initdb", "-D", self.data, "-A", "trust", "-U", "postgres", "-E", "UTF8")

    def start(self) -> None:
        """Start on the free port found; should another process take it first, on another."""
        for attempt in range(3):
            try:
                return self._pg_ctl("start", "-o", self.options)
            except AssertionError as error:
                if attempt == 2 or "already in use" not in str(error):
                    raise
                self._use_port(free_port())

    def restart(self) -> None:
        """Stop as an operator would (`-m fast`: sessions ended, work rolled back), start."""
        self._pg_ctl("restart", "-m", "fast", "-o", self.options)

    def stop(self) -> None:
        self._pg_ctl("stop", "-m", "immediate")

    def running(self) -> bool:
        return (self.data / "postmaster.pid").exists()

    def postmaster_pid(self) -> int:
        return int((self.data / "postmaster.pid").read_text().split()[0])

    def connect(self, dbname: str = "app"):
        return psycopg2.connect(host="127.0.0.1", port=self.port, user="postgres", dbname=dbname)

    def _pg_ctl(self, *args) -> None:
        self._run("pg_ctl", "-D", self.data, "-l", self.folder / "server.log", "-w", *args)

    def _run(self, program: str, *args) -> None:
        command = [*AS_POSTGRES, str(self.bin / program), *map(str, args)]
        result = subprocess.run(command, capture_output=True, text=True, timeout=120)
        if result.returncode:
            log = self.folder / "server.log"
            tail = log.read_text()[-2000:] if log.exists() else ""
            raise AssertionError(f"{program} failed: {result.stderr}\n{tail}")


class PrivateRedis:
    """A redis-server on a free port that keeps nothing on disk, as a crash would leave it."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.port = free_port()
        self.process: subprocess.Popen | None = None
        self._started = False

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def client(self, db: int = 0) -> redis.Redis:
        return redis.Redis(host="127.0.0.1", port=self.port, db=db, socket_timeout=5)

    def start(self) -> None:
        """Start; the first time, should another process take the free port first, on another.
        Started again after stop(), it must get its own port back."""
        for _ in range(1 if self._started else 3):
            command = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
            command += ["--save", "", "--appendonly", "no", "--dir", str(self.folder)]
            with open(self.folder / "redis.log", "ab") as log:
                self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
            eventually(self._answered_or_exited, timeout=10)
            if self.process.poll() is None and self._ours_answers():
                self._started = True
                return
            self.stop()
            if not self._started:
                self.port = free_port()
        raise AssertionError(f"redis-server did not start: {self.folder / 'redis.log'}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None

    def _answered_or_exited(self) -> bool:
        return self.process.poll() is not None or self._ours_answers()

    def _ours_answers(self) -> bool:
        """Whether our own server answers, not another one that took the port."""
        try:
            return self.client().info("server")["process_id"] == self.process.pid
        except redis.RedisError:
            return False


def app_env(**variables: str) -> dict[str, str]:
    """The environment of the app's own processes: the tests' services, plain HTTP on
    127.0.0.1, and an anonymous API limit that many requests from one address stay under."""
    inherited = {
        name: value
        for name, value in os.environ.items()
        if name not in {"DATABASE_URL", "REDIS_URL", "CACHE_URL", "DEBUG", "ALLOWED_HOSTS"}
    }
    return {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or "fault-tests-only",
        "HTTPS": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "API_ANON_RATE": "100000/hour",
        "LOG_LEVEL": "WARNING",
        **variables,
    }


def run_django(code: str, env: dict[str, str]) -> str:
    """Run Python with Django set up, in a process of its own; return what it printed."""
    script = f"import os\nimport django\ndjango.setup()\n{code}"
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    if result.returncode:
        raise AssertionError(f"Django process failed:\n{result.stderr[-4000:]}")
    return result.stdout


@contextmanager
def celery_worker(env: dict[str, str], log: Path):
    """A real worker process in a session of its own, so that the test can kill all of it at
    once; stopped warmly at the end if it is still running."""
    env = {**env, "TEST_TRANSPORT_OPTIONS": json.dumps(TRANSPORT_OPTIONS), "LOG_LEVEL": "INFO"}
    with open(log, "ab") as out:
        process = subprocess.Popen(
            [sys.executable, "-c", WORKER],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        yield process
    finally:
        if process.poll() is None:
            process.terminate()  # warm shutdown: the main process lets its child finish
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)


def celery_using(broker_url: str):
    """Send this process's tasks to the given broker, as a deployment with REDIS_URL does."""
    return celery_configured(broker_url=broker_url, task_always_eager=False)


def redis_cache(url: str) -> dict:
    return {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}}
