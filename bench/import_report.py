"""Time the report importer's parsing on the Gloucestershire 2025 report.

    .venv/bin/python bench/import_report.py [--runs 50]

Reads the report as a .txt and as an HTML page built from it (read_report), then parses the
text (parse_report). With the dev extras (reportlab, and Playwright with /usr/bin/chromium) it
also reads and parses PDFs of the report in the layouts the tests use
(tests/inspections/pdf_layouts.py): reportlab's list flowables; bullets hung in the margin with
a running header, page numbers and a recommendation broken over a page; bullets typed inline;
Chromium's print of the web page with its header and footer. Each step gets a warm-up run,
then the median of --runs runs (a fifth as many for PDFs). No database or Django needed. The
last line is machine-readable: read_ms is reading the .txt, pdf_ms the slowest PDF's median
from bytes to record.
"""

import argparse
import html
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
    steps["parse_report"] = (lambda: parse_report(text), args.runs)
    steps["read+parse (.html)"] = (lambda: parse_report(read_report(page, "r.html")), args.runs)
    for name, pdf in _pdfs(text).items():  # fewer runs for the slower PDFs tell as much
        steps[f"read+parse (.pdf, {name})"] = (
            lambda pdf=pdf: parse_report(read_report(pdf, "r.pdf")),
            max(args.runs // 5, 3),
        )
    timings = {name: _median_ms(step, runs) for name, (step, runs) in steps.items()}
    record = parse_report(text)
    print(f"Report: {REPORT.name}, {len(data) / 1024:.0f} KB, {len(text.splitlines())} lines")
    print(
        f"Parsed: {len(record['case_file_statistics'])} statistics, "
        f"{len(record['main_findings'])} main findings, {len(record['warnings'])} warnings"
    )
    print(f"{'step':<36}{'median ms':>10}{'cpu ms':>8}{'runs':>6}   (after a warm-up run)")
    for name, (ms, cpu) in timings.items():
        print(f"{name:<36}{ms:>10.2f}{cpu:>8.2f}{steps[name][1]:>6}")
    pdf_ms = max((ms for name, (ms, _) in timings.items() if ".pdf" in name), default=0.0)
    print(
        f"parse_ms={timings['parse_report'][0]:.2f} "
        f"read_ms={timings['read_report (.txt)'][0]:.2f} pdf_ms={pdf_ms:.2f}"
    )


def _median_ms(step: Callable[[], object], runs: int) -> tuple[float, float]:
    """Median wall-clock and processor milliseconds. On a machine shared with other work the
    wall clock counts the waits for a processor too; the processor time does not."""
    step()  # warm-up: imports, compiled expressions, caches
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        step()
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return statistics.median(wall), statistics.median(cpu)


def _as_html(text: str) -> str:
    """The report as a simple web page: a paragraph a line, headings for short lines."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    body = []
    for line in lines:
        tag = "li" if line.startswith("•") else "h2" if line[-1] not in ".:;" else "p"
        body.append(f"<{tag}>{html.escape(line.lstrip('• '))}</{tag}>")
    return f"<!doctype html><html><body><main>{''.join(body)}</main></body></html>"


def _pdfs(text: str) -> dict[str, bytes]:
    """The report as PDFs in the tests' layouts; none without the dev extras."""
    try:
        from tests.inspections import pdf_layouts
        from tests.inspections.test_importer_gloucestershire import _as_html as web_page
    except ImportError:
        return {}
    broken = pdf_layouts.item_starting(text, pdf_layouts.BROKEN)
    pdfs = {
        "list flowables": pdf_layouts.reportlab_lists(text),
        "running header": pdf_layouts.reportlab_running(text, break_in=broken),
        "inline bullets": pdf_layouts.reportlab_inline(text),
    }
    chromium = Path("/usr/bin/chromium")
    if chromium.exists():
        from tests.browser.conftest import CHROMIUM_ARGS

        pdfs["Chromium print"] = pdf_layouts.chromium_print(
            web_page(text), str(chromium), CHROMIUM_ARGS
        )
    return pdfs


if __name__ == "__main__":
    main()
