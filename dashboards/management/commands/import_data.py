import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from dashboards.portability import PortabilityError, import_data


class Command(BaseCommand):
    help = (
        "Restore an export_data folder into an empty database migrated to the same schema: "
        "every row with its primary key, in one transaction, and the evidence files."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path, metavar="DIR")

    def handle(self, *args, directory, **options):
        started = time.perf_counter()
        try:
            report = import_data(directory=directory)
        except PortabilityError as error:
            raise CommandError(str(error)) from None
        if report.replaced:
            self.stdout.write(
                f"Replaced the groups made by migrations ({', '.join(report.replaced)}) with "
                f"the exported ones."
            )
        for name in report.missing_media:
            self.stderr.write(f"Missing when exported, so not restored: {name}")
        self.stdout.write(
            f"Imported {report.rows:,} rows of {report.tables} tables and {report.media} media "
            f"files from {directory} in {time.perf_counter() - started:.1f} s."
        )
