import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from inspections.importer.read import MAX_REPORT_BYTES
from inspections.services import import_report, parse_uploaded_report, unknown_force_message


class Command(BaseCommand):
    help = (
        "Import an inspection report (national child protection or PEEL; text, HTML or PDF) "
        "as a draft inspection. Importing the same report again updates the same draft."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The report: .txt, .html or .pdf")
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what was found; write nothing."
        )
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, file, dry_run, format, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{file}: no such file.")
        if path.stat().st_size > MAX_REPORT_BYTES:
            raise CommandError(
                f"{file} is {path.stat().st_size:,} bytes: reports over "
                f"{MAX_REPORT_BYTES:,} bytes are refused."
            )
        try:
            parsed = parse_uploaded_report(data=path.read_bytes(), filename=path.name)
        except ValidationError as error:
            raise CommandError(f"{file}: {' '.join(error.messages)}") from None
        record = {**parsed.record, "warnings": parsed.warnings}

        if format == "json":
            self.stdout.write(json.dumps(record, ensure_ascii=False, indent=2))
        else:
            self._summarise(record)
        if dry_run:
            self.stderr.write("Dry run: nothing was written.")
            return
        if parsed.force is None:
            raise CommandError(unknown_force_message(record.get("force") or ""))
        try:
            inspection, existed = import_report(record=record)
        except ValidationError as error:
            raise CommandError("Nothing was imported: " + " ".join(error.messages)) from None
        verb = "Updated" if existed else "Created"
        self.stderr.write(f"{verb} draft inspection {inspection.slug} (id {inspection.pk}).")

    def _summarise(self, record: dict) -> None:
        write = self.stdout.write
        write(f"{record['force']}: {record['programme']}, published {record['published']}")
        write(
            f"HM Inspector: {record['hm_inspector'] or 'not found'}; "
            f"action plan due {record['action_plan_due'] or 'not found'}"
        )
        for area, grade in record["judgments"].items():
            write(f"  {area}: {grade.replace('_', ' ')}")
        causes = record["causes_of_concern"]
        write(
            f"{len(causes)} causes of concern with "
            f"{sum(len(c['recommendations']) for c in causes)} recommendations; "
            f"{len(record['areas_for_improvement'])} areas for improvement; "
            f"{len(record['main_findings'])} main findings; "
            f"{len(record['case_studies'])} case studies; "
            f"{len(record['case_file_statistics'])} case-file statistics; "
            f"{len(record['other_figures'])} other figures."
        )
        for warning in record["warnings"]:
            write(f"Warning: {warning}")
