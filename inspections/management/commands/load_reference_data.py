from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from inspections.reference_data import FIXTURES, load_reference_data


class Command(BaseCommand):
    help = (
        "Load the forces, programmes, themes, inspection records and published grades in "
        "fixtures/. Safe to run again: what is already loaded is left as it is. A database "
        "holding synthetic inspections refuses the real ones: load it with --reference-only."
    )

    def add_arguments(self, parser):
        parser.add_argument("--directory", default=str(FIXTURES), help="Fixtures directory.")
        parser.add_argument(
            "--reference-only",
            action="store_true",
            help="Only the forces, programmes and themes, for a demonstration database "
            "(then run generate_demo_data).",
        )

    def handle(self, *args, directory, reference_only, **options):
        from pathlib import Path

        path = Path(directory)
        if not (path / "programmes.json").is_file():
            raise CommandError(f"{path} has no programmes.json: is it the fixtures directory?")
        try:
            report = load_reference_data(path, reference_only=reference_only)
        except ValidationError as error:
            raise CommandError("Nothing was loaded: " + " ".join(error.messages)) from None
        created = report.describe()
        self.stdout.write(f"Loaded {created or 'nothing new'}.")
        for note in report.notes:
            self.stdout.write(f"Note: {note}")
