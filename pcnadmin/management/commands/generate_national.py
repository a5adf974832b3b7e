import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from benchmarks import england as national


class Command(BaseCommand):
    help = (
        "Generate a deterministic synthetic England (42 ICBs, 106 sub-ICB locations, ~6,500 "
        "practices in 1,259 PCNs, six years of list sizes, baselines, ~40,000 ARRS staff and "
        "~2 million claim lines) for benchmarks. Refuses to run twice on one database."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2019)
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help="fraction of the PCNs to generate (tests use a small one)",
        )

    def handle(self, *args, seed, scale, **options):
        if not 0 < scale <= 1:
            raise CommandError("--scale must be more than 0 and at most 1.")
        if connection.vendor != "postgresql":
            raise CommandError("generate_national needs PostgreSQL: it writes with COPY.")
        if national.already_generated():
            self.stdout.write("A synthetic England is already in this database; nothing done.")
            return
        progress = national.Progress(report=self.stdout.write)
        started = time.monotonic()
        counts = national.generate(seed=seed, scale=scale, progress=progress)
        progress("committed; VACUUM ANALYZE so the planner has statistics and index-only scans")
        national.vacuum_analyze()
        summary = ", ".join(f"{v:,} {k.replace('_', ' ')}" for k, v in counts.items())
        self.stdout.write(f"Generated in {time.monotonic() - started:.1f}s: {summary}")
