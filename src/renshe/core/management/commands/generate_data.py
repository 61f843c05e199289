"""Bulk synthetic enterprises and people for benchmarks: `generate_data --enterprises 1000000`.

Rows are inserted with bulk_create in batches, with a progress bar; all numbers pass the same checks as
hand-entered ones. One timeline event per run records what was generated and by whom.
"""

import random

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from faker import Faker
from tqdm import tqdm

from renshe.core.models import Enterprise, Industry, Organisation, OrganisationKind, Person
from renshe.core.synthetic import citizen_id, credit_code, mobile
from renshe.core.timeline import record_event

SIZES = ["large", "medium", "medium", "small", "small", "small", "micro", "micro"]


class Command(BaseCommand):
    help = "Generate synthetic enterprises and people in bulk (valid credit codes and ID numbers)."

    def add_arguments(self, parser):
        parser.add_argument("--enterprises", type=int, default=0)
        parser.add_argument("--people", type=int, default=0)
        parser.add_argument("--batch", type=int, default=5000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--quiet", action="store_true", help="no progress bar")

    def handle(self, *args, enterprises, people, batch, seed, quiet, **opts):
        streets = list(
            Organisation.objects.filter(kind=OrganisationKind.STREET).select_related("region__parent")
        )
        if not streets:
            raise CommandError("no streets: run load_demo (or create the organisation network) first")
        industries = list(Industry.objects.filter(parent__isnull=False).values_list("pk", flat=True))
        rng, fake = random.Random(seed), Faker("zh_CN")
        Faker.seed(seed)
        names = [fake.company_prefix() for _ in range(500)]
        kinds = ["科技", "机械", "电子", "物流", "餐饮", "建筑", "贸易", "制造", "信息", "医药"]
        first_serial = Enterprise.objects.count() + 1_000_000
        for start in tqdm(range(0, enterprises, batch), desc="enterprises", unit_scale=batch, disable=quiet):
            rows = []
            for i in range(start, min(start + batch, enterprises)):
                street = streets[i % len(streets)]
                area = street.region.parent.code if street.region_id else "310107"
                rows.append(
                    Enterprise(
                        credit_code=credit_code(first_serial + i, area),
                        name=f"上海{rng.choice(names)}{rng.choice(kinds)}有限公司{first_serial + i}",
                        industry_id=rng.choice(industries),
                        street=street,
                        size=rng.choice(SIZES),
                        legal_representative=fake.name(),
                        employee_count=rng.randrange(3, 5000),
                    )
                )
            Enterprise.objects.bulk_create(rows)
        registrars = streets
        # ID numbers are stored encrypted: duplicates are told by their digests (what the unique index holds)
        digest = Person._meta.get_field("id_number").digest
        seen: set[str] = set(Person.objects.values_list("id_number_digest", flat=True)) if people else set()
        for start in tqdm(range(0, people, batch), desc="people", unit_scale=batch, disable=quiet):
            rows = []
            for _ in range(start, min(start + batch, people)):
                number = citizen_id(rng)
                while digest(number) in seen:
                    number = citizen_id(rng)
                seen.add(digest(number))
                rows.append(
                    Person(
                        id_number=number,
                        name=fake.name(),
                        sex="M" if int(number[16]) % 2 else "F",
                        birth_date=f"{number[6:10]}-{number[10:12]}-{number[12:14]}",
                        phone=mobile(rng),
                        organisation=rng.choice(registrars),
                    )
                )
            Person.objects.bulk_create(rows)
        with transaction.atomic():
            root = Organisation.objects.filter(parent__isnull=True).first()
            record_event(
                root,
                "registry.generated",
                f"批量生成测试数据：企业{enterprises}家，人员{people}名",
                changes={"enterprises": enterprises, "people": people, "seed": seed},
                organisation=root,
            )
        self.stdout.write(self.style.SUCCESS(f"generated {enterprises} enterprises and {people} people"))
