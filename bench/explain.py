"""Run EXPLAIN (ANALYZE, BUFFERS) on every query of the pages and API lists bench/scale.py
measures, and report each sequential scan of a big table.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_xlarge \\
    REDIS_URL=redis://127.0.0.1:6379/4 SECRET_KEY=bench .venv/bin/python bench/explain.py [-v]

Needs a database made by `bench/scale.py --generate`. Each page is requested once with the
cache emptied, its queries captured and explained; -v prints every plan. The last line is
machine-readable: big_seq_scans counts the sequential scans of recommendations and progress
updates on a request path (the goal is none), other_seq_scans those of other tables.
"""

import argparse
import json
import sys

from common import progress
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from scale import busiest_force, client_for, pages

# A sequential scan of these on a request path reads the nation's data for one answer.
BIG = {"recommendations_recommendation", "recommendations_progressupdate"}
# Also reported: the other tables of a hundred thousand rows at xlarge. (Inspections, five
# thousand there, are read whole faster than through an index.)
GROWING = BIG | {"findings_finding", "findings_casefilestatistic", "dashboards_statisticindicator"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-v", "--verbose", action="store_true", help="print every plan")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to a PostgreSQL database: EXPLAIN here is PostgreSQL's.")
    force = busiest_force()
    big = other = 0
    for name, (url, user) in pages(force).items():
        progress(f"explaining {url}")
        client = client_for(user)
        client.get(url)  # sessions and such, made once
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        selects = [q["sql"] for q in captured if q["sql"].lstrip().upper().startswith("SELECT")]
        total, slowest, scans = 0.0, 0.0, []
        for sql in selects:
            plan = _explain(sql)
            took = plan["Execution Time"] + plan["Planning Time"]
            total, slowest = total + took, max(slowest, took)
            for node in _nodes(plan["Plan"]):
                if node["Node Type"] == "Seq Scan" and node["Relation Name"] in GROWING:
                    scans.append((node["Relation Name"], node.get("Actual Rows", 0), sql))
            if args.verbose:
                print(f"--- {sql}\n{_explain(sql, text=True)}")
        print(
            f"{name:>30}: {len(captured):>2} queries, {len(selects):>2} selects, "
            f"{total:7.1f} ms in the database (slowest {slowest:.1f} ms)"
        )
        for table, rows, sql in scans:
            flag = "BIG" if table in BIG else "   "
            print(f"{'':>30}  {flag} Seq Scan on {table} ({rows:,} rows): {sql[:160]}")
            big, other = big + (table in BIG), other + (table not in BIG)
    print(f"big_seq_scans={big} other_seq_scans={other}")


def _explain(sql: str, *, text: bool = False):
    options = "ANALYZE, BUFFERS" + ("" if text else ", FORMAT JSON")
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN ({options}) {sql}")
        rows = cursor.fetchall()
    if text:
        return "\n".join(row[0] for row in rows)
    plan = rows[0][0]
    return (json.loads(plan) if isinstance(plan, str) else plan)[0]


def _nodes(node: dict):
    yield node
    for child in node.get("Plans", []):
        yield from _nodes(child)


if __name__ == "__main__":
    main()
