"""Test folders that need something of the machine (Chromium, PostgreSQL server binaries):
skipped with a reason repeated at the end of the run, or run regardless (and so failing) where
an environment variable requires them, as CI does."""

import os
from pathlib import Path

import pytest


def required(variable: str) -> bool:
    """Whether the environment variable (REQUIRE_BROWSER, REQUIRE_FAULTS) is set and not 0."""
    return os.environ.get(variable, "") not in {"", "0"}


def skip_folder(items, folder: Path, reason: str) -> None:
    """Mark every collected test below the folder as skipped, for the reason given."""
    skip = pytest.mark.skip(reason=reason)
    for item in items:
        if folder in Path(item.path).parents:
            item.add_marker(skip)


def report_skipped(terminalreporter, reason: str, what: str) -> None:
    """Say why the folder's tests did not run, even without -rs."""
    skipped = [
        report
        for report in terminalreporter.stats.get("skipped", [])
        if reason in str(report.longrepr)
    ]
    if skipped:
        terminalreporter.write_sep(
            "=", f"{len(skipped)} {what} skipped: {reason}", yellow=True, bold=True
        )
