from django.core.management.base import BaseCommand, CommandError

from dashboards.services import recompute_all_indicators, recompute_force_indicators
from inspections.models import Force


class Command(BaseCommand):
    help = (
        "Rebuild the indicators now: every force's, or only the forces named by slug. Needed "
        "after inspection data is changed in a shell or with SQL, which queue no recompute."
    )

    def add_arguments(self, parser):
        parser.add_argument("forces", nargs="*", metavar="FORCE", help="Force slugs; all if none.")

    def handle(self, *args, forces, **options):
        if not forces:
            recompute_all_indicators()
            self.stdout.write("Recomputed every force's indicators.")
            return
        found = {force.slug: force for force in Force.objects.filter(slug__in=forces)}
        if unknown := [slug for slug in forces if slug not in found]:
            raise CommandError(f"No force with the slug {', '.join(unknown)}: nothing recomputed.")
        for slug in forces:
            recompute_force_indicators(force=found[slug])
        self.stdout.write(f"Recomputed the indicators of {', '.join(forces)}.")
