"""Fault tests: PostgreSQL, Redis, gunicorn and Celery processes of the tests' own, stopped,
killed and restarted on purpose (tests/faults/servers.py).

They need the PostgreSQL server binaries (initdb and pg_ctl: `apt-get install postgresql`, or
PG_BIN naming their folder) and redis-server. Without them these tests are skipped, unless
REQUIRE_FAULTS=1 (as in CI), which makes them fail instead. Run as root, the cluster belongs to
the postgres user (runuser), as initdb refuses to run as root.
"""

import pwd
import shutil
import tempfile
from pathlib import Path

import pytest

from tests.faults.servers import (
    AS_POSTGRES,
    PrivatePostgres,
    PrivateRedis,
    app_env,
    postgres_bin,
    run_django,
)
from tests.skipping import report_skipped, required, skip_folder

HERE = Path(__file__).parent
MISSING = "Fault tests need the PostgreSQL server binaries and redis-server"


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "faults: stops, kills and restarts private PostgreSQL, Redis and workers"
    )


def pytest_collection_modifyitems(config, items):
    missing = _missing()
    if missing and not required("REQUIRE_FAULTS"):
        skip_folder(items, HERE, f"{MISSING}: no {'; no '.join(missing)}")


def pytest_terminal_summary(terminalreporter):
    report_skipped(terminalreporter, MISSING, "fault tests")


def _missing() -> list[str]:
    missing = []
    found = postgres_bin()
    if found is None or not (found / "pg_ctl").exists():
        missing.append("initdb and pg_ctl (apt-get install postgresql, or set PG_BIN)")
    if shutil.which("redis-server") is None:
        missing.append("redis-server (apt-get install redis-server)")
    if AS_POSTGRES:
        if shutil.which("runuser") is None:
            missing.append("runuser, to run the cluster as postgres (initdb refuses root)")
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            missing.append("postgres user to own the cluster (initdb refuses root)")
    return missing


def _require_tools() -> None:
    missing = _missing()
    if missing:
        pytest.fail(f"{MISSING}: no {'; no '.join(missing)}. REQUIRE_FAULTS is set: an error.")


@pytest.fixture(scope="session")
def private_postgres():
    """A cluster of the tests' own, migrated, with the reference data and its indicators."""
    _require_tools()
    folder = Path(tempfile.mkdtemp(prefix="faults-pg-"))
    if AS_POSTGRES:
        shutil.chown(folder, user="postgres", group="postgres")
    cluster = PrivatePostgres(folder)
    try:
        cluster.initdb()
        cluster.start()
        connection = cluster.connect("postgres")
        connection.autocommit = True
        connection.cursor().execute("CREATE DATABASE app")
        connection.close()
        run_django(
            "from django.core.management import call_command\n"
            "call_command('migrate', verbosity=0)\n"
            "call_command('load_reference_data', stdout=open(os.devnull, 'w'))\n",
            app_env(DATABASE_URL=cluster.url),
        )
        yield cluster
    finally:
        if cluster.running():
            cluster.stop()
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def private_redis(tmp_path):
    """A Redis of the test's own, started; stopped at the end whatever happened."""
    _require_tools()
    server = PrivateRedis(tmp_path)
    server.start()
    yield server
    server.stop()
