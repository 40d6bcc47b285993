import time

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from dashboards.demo_data import SCALES, delete_demo_data, generate_demo_data
from dashboards.services import recompute_all_indicators


class Command(BaseCommand):
    help = (
        "Generate synthetic inspections for every force, then recompute the indicators. Only "
        "into a database of their own, holding no real inspection: make one with "
        "`load_reference_data --reference-only`. Replaces earlier synthetic data."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=1, help="Same seed, same data.")
        parser.add_argument("--scale", choices=sorted(SCALES), default="small")
        parser.add_argument("--delete", action="store_true", help="Only remove synthetic data.")

    def handle(self, *args, seed, scale, delete, **options):
        started = time.perf_counter()
        if delete:
            delete_demo_data()
            recompute_all_indicators()
            self.stdout.write("Removed the synthetic data.")
            return
        try:
            generated = generate_demo_data(seed=seed, scale=scale, today=timezone.localdate())
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        made = time.perf_counter() - started
        recompute_all_indicators()
        counts = ", ".join(f"{n:,} {name.replace('_', ' ')}" for name, n in vars(generated).items())
        self.stdout.write(
            f"Generated {counts} in {made:.1f} s; indicators recomputed in "
            f"{time.perf_counter() - started - made:.1f} s."
        )
