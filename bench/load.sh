#!/usr/bin/env bash
# Load test: gunicorn (sync workers) on 127.0.0.1 serving the large synthetic dataset from
# PostgreSQL, with Redis as cache, under wrk: 50 connections for 60 s spread over the national
# overview, force dashboards, inspection pages and API reads (bench/load.lua).
#
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/inspections_bench \
#   REDIS_URL=redis://127.0.0.1:6379/5 bench/load.sh
#
# Needs the dataset of `bench/indicators.py --generate` and wrk (apt-get install wrk).
# WORKERS (2, as docker-compose.yml), CONNECTIONS (50), DURATION (60s) and PORT (8766) change
# the run. Prints wrk's report, then one machine-readable line:
#   rps=... p50_ms=... p99_ms=... requests=... errors=... non_2xx_3xx=... socket_errors=...
#   timeouts=...
# and exits non-zero if any request failed: a 4xx or 5xx answer, a socket error or a timeout
# (no answer within 5 s).
set -euo pipefail
cd "$(dirname "$0")/.."

: "${DATABASE_URL:?Set DATABASE_URL: the PostgreSQL database of bench/indicators.py --generate}"
: "${REDIS_URL:?Set REDIS_URL: the Redis the pages are cached in, as in production}"
WORKERS=${WORKERS:-2}
CONNECTIONS=${CONNECTIONS:-50}
DURATION=${DURATION:-60s}
PORT=${PORT:-8766}
BASE="http://127.0.0.1:$PORT"
PY=.venv/bin/python

export SECRET_KEY=${SECRET_KEY:-bench}
export DEBUG=0 ALLOWED_HOSTS=127.0.0.1
export HTTPS=0 # plain HTTP on 127.0.0.1: no redirect to https, no HSTS
export LOG_LEVEL=${LOG_LEVEL:-WARNING}
# All the clients share one address, which the anonymous API limit (1000/hour) would answer
# with 429 within seconds. The limit is raised, not removed: the throttle still records every
# API request in Redis, so its cost is in the figures. Per second, so that the list of recent
# requests it keeps (and reads and writes on every request) stays near its production size.
export API_ANON_RATE=${API_ANON_RATE:-1000000/second}

command -v wrk >/dev/null || { echo "wrk is not installed: apt-get install wrk" >&2; exit 2; }
if curl -s -o /dev/null "$BASE/"; then
  echo "Something already answers on port $PORT: set PORT to a free one." >&2
  exit 2
fi

# The overview; the six forces with most open recommendations, their latest inspections and
# API reads filtered by them; unfiltered API lists.
mapfile -t PATHS < <("$PY" - <<'PYTHON'
import os
import sys

sys.path.insert(0, ".")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
import django

django.setup()
from dashboards.models import GradeIndicator
from inspections.models import Inspection

forces = []
rows = GradeIndicator.objects.filter(area__isnull=True, force__isnull=False)
for slug in rows.order_by("-recommendations_open").values_list("force__slug", flat=True):
    if slug not in forces:
        forces.append(slug)
    if len(forces) == 6:
        break
if len(forces) < 6:
    sys.exit("No indicators here: run bench/indicators.py --generate first.")
latest = Inspection.objects.published().order_by("-published")
paths = ["/dashboards/"]
for slug in forces:
    paths += [f"/forces/{slug}/", f"/inspections/{latest.filter(force__slug=slug)[0].slug}/"]
paths += [f"/api/recommendations/?force={slug}" for slug in forces[:3]]
paths += [f"/api/indicators/grades/?force={slug}" for slug in forces[3:]]
paths += [f"/api/indicators/statistics/?force={forces[0]}", f"/api/inspections/?force={forces[1]}"]
paths += ["/api/inspections/", "/api/indicators/measures/", "/api/indicators/themes/"]
print("\n".join(paths))
PYTHON
)
[ "${#PATHS[@]}" -gt 0 ] || exit 1

"$PY" manage.py collectstatic --no-input -v0
"$PY" -m gunicorn config.wsgi:application --workers "$WORKERS" --worker-class sync \
  --bind "127.0.0.1:$PORT" --no-control-socket --log-level warning &
GUNICORN=$!
trap 'kill "$GUNICORN" 2>/dev/null || true; wait "$GUNICORN" 2>/dev/null || true' EXIT
for _ in $(seq 1 150); do
  curl -s -o /dev/null "$BASE/robots.txt" && break
  kill -0 "$GUNICORN" 2>/dev/null || { echo "gunicorn did not start" >&2; exit 1; }
  sleep 0.2
done

# The database, the cache and the broker must all answer: a cache that fails open would
# otherwise pass unnoticed, and measure every page rendered afresh.
if ! curl -s -f -o /dev/null --max-time 30 "$BASE/healthz"; then
  echo "/healthz is not 200: $(curl -s --max-time 30 "$BASE/healthz")" >&2
  exit 1
fi

# Every path must answer 200 before the load (a typo would otherwise be a fast 404 under
# load); the second round finds the pages cached by both workers.
for _ in 1 2; do
  for path in "${PATHS[@]}"; do
    status=$(curl -s -o /dev/null -w '%{http_code}' --max-time 30 "$BASE$path")
    if [ "$status" != 200 ]; then
      echo "$path answered $status before the load" >&2
      exit 1
    fi
  done
done

echo "gunicorn: $WORKERS sync workers; wrk: $CONNECTIONS connections for $DURATION over" \
  "${#PATHS[@]} paths: ${PATHS[*]}"
REPORT=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency --timeout 5s -s bench/load.lua \
  "$BASE" -- "${PATHS[@]}")
echo "$REPORT" | sed '$d'
kill -0 "$GUNICORN" 2>/dev/null || { echo "gunicorn died during the load" >&2; exit 1; }
LAST=$(echo "$REPORT" | tail -n 1)
echo "$LAST"
[[ "$LAST" == *" errors=0 "* ]] || { echo "Some requests failed: $LAST" >&2; exit 1; }
