import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from dashboards.portability import PortabilityError, export_data


class Command(BaseCommand):
    help = (
        "Export every table (inspections, findings, recommendations, dashboards, users, groups, "
        "tokens, links and history) as JSON, the uploaded evidence files and a manifest into "
        "DIR, which must be empty or absent. Restore it with import_data."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path, metavar="DIR")

    def handle(self, *args, directory, **options):
        started = time.perf_counter()
        try:
            report = export_data(directory=directory)
        except PortabilityError as error:
            raise CommandError(str(error)) from None
        for name in report.missing_media:
            self.stderr.write(f"Not in the media folder, so not exported: {name}")
        self.stdout.write(
            f"Exported {report.rows:,} rows of {report.tables} tables and {report.media} media "
            f"files to {directory} in {time.perf_counter() - started:.1f} s."
        )
