"""Bulk synthetic labour disputes for benchmarks and demo history (the generator is disputes/generator.py):

manage.py generate_disputes --count 1000000 --years 3 --centre 张江镇劳动争议调解中心 --seed 1
"""

from django.core.management.base import BaseCommand, CommandError

from renshe.core.models import Organisation, OrganisationKind
from renshe.disputes.generator import Generator, GeneratorError


def find_centre(value: str) -> Organisation:
    centres = Organisation.objects.filter(kind=OrganisationKind.MEDIATION_CENTRE)
    centre = (centres.filter(pk=int(value)) if value.isdigit() else centres.filter(name=value)).first()
    if centre is None:
        names = "、".join(centres.values_list("name", flat=True)[:10]) or "none"
        raise CommandError(f"no mediation centre {value!r} (centres: {names})")
    return centre


class Command(BaseCommand):
    help = "Generate synthetic labour disputes at one mediation centre, in bulk, with realistic states."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, required=True)
        parser.add_argument("--years", type=int, default=3)
        parser.add_argument("--centre", required=True, help="the mediation centre's id or exact name")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--prior-mediation", type=float, default=0.8, help="share of cases mediated")
        parser.add_argument(
            "--success", type=float, default=0.8, help="share of concluded mediations settled"
        )
        parser.add_argument("--commission", help="the arbitration commission's id (default: the nearest)")
        parser.add_argument("--batch", type=int, default=2000)
        parser.add_argument(
            "--workers",
            type=int,
            help="processes drawing the cases (0: this one; default: 2 on PostgreSQL from 20,000 cases)",
        )
        parser.add_argument(
            "--indexes",
            choices=("auto", "keep", "rebuild"),
            default="auto",
            help="rebuild: drop the tables' indexes and foreign keys and build them once at the end "
            "(PostgreSQL; the default from 20,000 cases); keep: maintain them row by row",
        )
        parser.add_argument("--quiet", action="store_true", help="no progress bar")

    def handle(self, *args, **opts):
        commission = None
        if opts["commission"]:
            commission = Organisation.objects.filter(
                pk=opts["commission"], kind=OrganisationKind.ARBITRATION_COMMISSION
            ).first()
            if commission is None:
                raise CommandError(f"no arbitration commission {opts['commission']!r}")
        try:
            generator = Generator(
                centre=find_centre(opts["centre"]),
                count=opts["count"],
                years=opts["years"],
                seed=opts["seed"],
                prior_mediation=opts["prior_mediation"],
                success=opts["success"],
                batch=opts["batch"],
                commission=commission,
                workers=opts["workers"],
                rebuild_indexes={"auto": None, "keep": False, "rebuild": True}[opts["indexes"]],
            )
            result = generator.run(progress=not opts["quiet"])
        except GeneratorError as error:
            raise CommandError(str(error)) from error
        seconds = result.seconds
        how = f"{result.workers} worker processes" if result.workers else "in process"
        if result.rebuilt_indexes:
            how += ", indexes built at the end"
        self.stdout.write(
            self.style.SUCCESS(
                f"generated {result.cases} disputes, {result.total_rows} rows in {seconds:.1f} s "
                f"({result.cases / seconds:,.0f} cases/s, {result.total_rows / seconds:,.0f} rows/s; {how})"
            )
        )
        self.stdout.write("  seconds: " + ", ".join(f"{k} {v:.1f}" for k, v in result.phases.items()))
        self.stdout.write("  states: " + ", ".join(f"{k} {v}" for k, v in sorted(result.statuses.items())))
        self.stdout.write("  rows: " + ", ".join(f"{k} {v}" for k, v in sorted(result.rows.items())))
