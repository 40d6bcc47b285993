"""Time the report importer's parsing on the Gloucestershire 2025 report.

    .venv/bin/python bench/import_report.py [--runs 50]

Reads the report as a .txt, as an HTML page built from it and, when reportlab (a dev extra) is
installed, as a PDF drawn from it (read_report); then parses the text (parse_report). Each step
gets a warm-up run, then the median of --runs runs. No database or Django needed. The last
line is machine-readable: read_ms is reading the .txt.
"""

import argparse
import html
import io
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from inspections.importer.parse import parse_report  # noqa: E402
from inspections.importer.read import read_report  # noqa: E402

REPORT = ROOT / "tests" / "data" / "gloucestershire-2025-ncpi.txt"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    data = REPORT.read_bytes()
    text = read_report(data, REPORT.name)
    page = _as_html(text).encode()

    steps = {
        "read_report (.txt)": (lambda: read_report(data, REPORT.name), args.runs),
        "read_report (.html)": (lambda: read_report(page, "report.html"), args.runs),
    }
    pdf = _as_pdf(text)
    if pdf:  # a PDF takes far longer to read; fewer runs tell as much
        steps["read_report (.pdf)"] = (lambda: read_report(pdf, "r.pdf"), max(args.runs // 5, 3))
    steps["parse_report"] = (lambda: parse_report(text), args.runs)
    timings = {name: _median_ms(step, runs) for name, (step, runs) in steps.items()}
    record = parse_report(text)
    print(f"Report: {REPORT.name}, {len(data) / 1024:.0f} KB, {len(text.splitlines())} lines")
    print(
        f"Parsed: {len(record['case_file_statistics'])} statistics, "
        f"{len(record['main_findings'])} main findings, {len(record['warnings'])} warnings"
    )
    print(f"{'step':<22}{'median ms':>10}{'runs':>6}   (after a warm-up run)")
    for name, ms in timings.items():
        print(f"{name:<22}{ms:>10.2f}{steps[name][1]:>6}")
    print(f"parse_ms={timings['parse_report']:.2f} read_ms={timings['read_report (.txt)']:.2f}")


def _median_ms(step: Callable[[], object], runs: int) -> float:
    step()  # warm-up: imports, compiled expressions, caches
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        step()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _as_html(text: str) -> str:
    """The report as a simple web page: a paragraph a line, headings for short lines."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    body = []
    for line in lines:
        tag = "li" if line.startswith("•") else "h2" if line[-1] not in ".:;" else "p"
        body.append(f"<{tag}>{html.escape(line.lstrip('• '))}</{tag}>")
    return f"<!doctype html><html><body><main>{''.join(body)}</main></body></html>"


def _as_pdf(text: str) -> bytes:
    """The report as a PDF in reportlab's standard fonts, or b"" without reportlab."""
    try:
        from reportlab.lib.styles import getSampleStyleSheet
        from reportlab.platypus import Paragraph, SimpleDocTemplate
    except ImportError:
        return b""
    styles = getSampleStyleSheet()
    story = []
    for line in (line.strip() for line in text.splitlines()):
        if line:
            drawable = line.replace("\u2011", "-").replace("\u202f", " ")
            style = "BodyText" if line[-1] in ".:;" or line.startswith("•") else "Heading2"
            story.append(Paragraph(html.escape(drawable, quote=False), styles[style]))
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer).build(story)
    return buffer.getvalue()


if __name__ == "__main__":
    main()
