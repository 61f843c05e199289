"""The bulk dispute generator (disputes/generator.py) and its command: every row it reports is written, the
applicants' ID numbers are valid, unique and encrypted with their digests, the totals are the sums of the
rows and the statistics are what a rebuild computes; on PostgreSQL the same through worker processes and
with the indexes built at the end."""

import io
import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, connection
from django.db.models import Sum
from django.utils import timezone
from stdnum.cn import ric

from renshe.core import law
from renshe.core.bulk import Loader, Table, reserve_ids
from renshe.core.models import AmountKind, Person, StatutoryAmount, WorkItem
from renshe.core.money import MoneySum
from renshe.core.periods import MonthPeriod
from renshe.disputes import metrics
from renshe.disputes.generator import Cases, Generator, GeneratorError, tables
from renshe.disputes.models import (
    AgreementItem,
    Applicant,
    ArbitrationCase,
    AwardItem,
    Claim,
    DisputeCase,
    MediationAgreement,
    MonthlyFigures,
    Payment,
)
from renshe.disputes.services import final_award_limit

from .test_demo_disputes import serial

COUNTED = {name: table.model for name, table in tables().items() if name != "disputecase"}


def _figures() -> list[tuple]:
    fields = [f.attname for f in MonthlyFigures._meta.concrete_fields if f.attname != "id"]
    return sorted(MonthlyFigures.objects.values_list(*fields))


def _counts() -> dict[str, int]:
    return {name: model.objects.count() for name, model in COUNTED.items()} | {
        "last person": Person.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    }


def _check_written(rows: dict[str, int], before: dict[str, int], cases: int) -> None:
    """What the run reported is what the tables hold, and the rows are what the services would write."""
    assert DisputeCase.objects.count() == cases
    for name, model in COUNTED.items():
        assert model.objects.count() - before[name] == rows[name], name
    assert rows["applicant"] == rows["person"] == DisputeCase.objects.aggregate(n=Sum("worker_count"))["n"]
    assert WorkItem.objects.filter(subject_type__model="disputecase").count() == rows["workitem"]

    people = list(Person.objects.filter(pk__gt=before["last person"]).order_by("pk"))
    assert len(people) == rows["person"]
    id_number, phone = Person._meta.get_field("id_number"), Person._meta.get_field("phone")
    numbers = [p.id_number for p in people]
    assert len(set(numbers)) == len(numbers)
    for p in people:
        assert ric.is_valid(p.id_number), p.id_number
        assert p.id_number_digest == id_number.digest(p.id_number)
        assert p.phone_digest == phone.digest(p.phone) and re.fullmatch(r"1\d{10}", p.phone)
        assert p.birth_date == ric.get_birth_date(p.id_number)
        assert p.sex == ("M" if int(p.id_number[16]) % 2 else "F")
    with connection.cursor() as cursor:  # at rest: ciphertext, never the number
        cursor.execute("SELECT id_number, phone FROM core_person WHERE id = %s", [people[0].pk])
        stored = cursor.fetchone()
    assert stored[0].startswith("v1.") and people[0].id_number not in stored[0]
    assert stored[1].startswith("v1.")

    totals = DisputeCase.objects.aggregate(
        c=MoneySum("claimed_total"), a=MoneySum("agreed_total"), p=MoneySum("paid_total")
    )
    assert Claim.objects.aggregate(s=MoneySum("amount"))["s"] == totals["c"]
    assert AgreementItem.objects.aggregate(s=MoneySum("amount"))["s"] == totals["a"]
    assert Payment.objects.aggregate(s=MoneySum("amount"))["s"] == totals["p"]
    assert MediationAgreement.objects.count() == DisputeCase.objects.filter(outcome="settled").count()
    assert not Applicant.objects.exclude(person__in=Person.objects.all()).exists()
    numbers = list(ArbitrationCase.objects.values_list("number", flat=True))
    assert len(set(numbers)) == len(numbers)

    figures = _figures()
    assert MonthlyFigures.objects.aggregate(n=Sum("received"))["n"] == cases  # every case counted
    metrics.rebuild()
    assert _figures() == figures  # the run's own rebuild, not figures left from before


def test_the_module_writes_every_row_it_reports(world):
    before = _counts()
    result = Generator(centre=world.orgs["zj_centre"], count=450, years=2, seed=3, batch=100, workers=0).run(
        progress=False
    )
    assert result.cases == 450 and sum(result.statuses.values()) == 450
    assert set(result.rows) == set(COUNTED)
    _check_written(result.rows, before, 450)


def test_each_award_is_final_by_the_minimum_wage_on_its_own_day(world):
    """A period across a rise of the minimum wage (第四十七条: twelve months of the wage in force on the award's
    day): an item between the old and the new limit is final only when awarded after the rise."""
    risen_on = timezone.localdate() - timedelta(days=365)
    StatutoryAmount.objects.create(
        kind=AmountKind.MONTHLY_MINIMUM_WAGE,
        amount=Decimal("6000.00"),
        effective_from=risen_on,
        citation="测试",
    )
    old, new = final_award_limit(risen_on - timedelta(days=1)), final_award_limit(risen_on)
    assert old < new == Decimal("72000.00")
    Generator(centre=world.orgs["zj_centre"], count=600, years=2, seed=3, batch=200, workers=0).run(
        progress=False
    )
    items = AwardItem.objects.filter(claim_type__in=law.FINAL_AWARD_AMOUNT_TESTED_CLAIMS).values_list(
        "amount", "final", "arbitration__awarded_on"
    )
    between = {awarded_on >= risen_on: final for amount, final, awarded_on in items if old < amount <= new}
    assert between == {False: False, True: True}  # awards on both sides of the rise, each by its own day
    for amount, final, awarded_on in items:
        assert final == (amount <= final_award_limit(awarded_on)), (amount, awarded_on)


def test_the_command_prints_what_it_wrote(world):
    before = _counts()
    out = io.StringIO()
    call_command(
        "generate_disputes",
        "--count=300",
        f"--centre={world.orgs['zj_centre'].pk}",
        "--batch=120",
        "--quiet",
        stdout=out,
    )
    text = out.getvalue()
    assert re.search(r"generated 300 disputes, \d+ rows in", text)
    rows = dict(
        (name, int(n)) for name, n in re.findall(r"(\w+) (\d+)", text.split("rows: ")[1].splitlines()[0])
    )
    _check_written(rows, before, 300)


def test_the_same_seed_draws_the_same_cases(world):
    """Each batch has its own random stream: what is drawn does not depend on who draws it."""
    generator = Generator(centre=world.orgs["zj_centre"], count=200, seed=5, batch=100, workers=0)
    dates = generator.received_dates()
    first, second = Cases(generator.plan), Cases(generator.plan)
    second.draw(7, dates[:50], {})  # a worker that drew another batch before
    assert first.draw(1, dates[100:], {}) == second.draw(1, dates[100:], {})


def test_refusals(world):
    with pytest.raises(GeneratorError, match="not a mediation centre"):
        Generator(centre=world.orgs["zj_tribunal"], count=1)
    with pytest.raises(GeneratorError, match="at least 0"):
        Generator(centre=world.orgs["zj_centre"], count=-1)


def test_a_table_must_name_every_column():
    with pytest.raises(ValueError, match="missing"):
        Table(Claim, ["case_id", "amount"])
    table = Table(Claim, ["case_id", "claim_type", "amount", "note"])
    assert table.encode([(1, "a\tb", Decimal("1.50"), None)]) == b"1\ta\\tb\t1.50\t\\N\n"
    assert (
        Table(MediationAgreement, [f.attname for f in MediationAgreement._meta.concrete_fields]).encode(
            [(1, 2, date(2026, 1, 2), "", None)]
        )
        == b"1\t2\t2026-01-02\t\t\\N\n"
    )


def _schema():
    """The tables' indexes and constraints, as PostgreSQL prints them."""
    with connection.cursor() as cursor:
        # a partial index's WHERE clause reads back in another (equivalent) spelling once recreated
        cursor.execute(
            "SELECT split_part(indexdef, ' WHERE ', 1) FROM pg_indexes WHERE tablename = ANY(%s) ORDER BY 1",
            [[t.name for t in tables().values()]],
        )
        indexes = cursor.fetchall()
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = ANY(%s::regclass[]) ORDER BY 1, 2",
            [[t.name for t in tables().values()]],
        )
        return indexes, cursor.fetchall()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="worker processes and COPY: PostgreSQL")
def test_workers_and_rebuilt_indexes_on_postgresql(world):
    indexes = _schema()
    before = _counts()
    result = Generator(
        centre=world.orgs["zj_centre"], count=900, seed=4, batch=200, workers=2, rebuild_indexes=True
    ).run(progress=False)
    assert result.workers == 2 and result.rebuilt_indexes
    assert _schema() == indexes  # every index and constraint is back
    _check_written(result.rows, before, 900)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="indexes built at the end: PostgreSQL")
def test_a_load_that_fails_at_the_end_changes_nothing(world):
    """A duplicate found only when the unique index is built again: the error comes out and the tables,
    their rows and their indexes are as they were."""
    indexes, people = _schema(), Person.objects.count()
    other = Person.objects.order_by("pk").first()
    id_number, phone = Person._meta.get_field("id_number"), Person._meta.get_field("phone")
    row = (reserve_ids(Person, 1)[0], id_number.get_prep_value(other.id_number), other.id_number_digest)
    row += (
        "重复",
        other.sex,
        other.birth_date,
        phone.get_prep_value("13800000000"),
        phone.digest("13800000000"),
    )
    row += ("", False, other.organisation_id, None, other.created_at, 1)
    with pytest.raises(IntegrityError), Loader([Person], rebuild_indexes=True) as load:
        load.write(tables()["person"], [row])
    assert _schema() == indexes and Person.objects.count() == people


def test_generate_disputes_command_continues_after_real_cases(world, apply):
    centre = world.orgs["zj_centre"]
    year = timezone.localdate().year
    first, _ = apply()
    assert first.number == f"张江调〔{year}〕0001号"
    people = Person.objects.count()
    call_command(
        "generate_disputes",
        "--count=300",
        "--years=1",
        f"--centre={centre.name}",
        "--seed=9",
        "--batch=120",
        "--quiet",
        stdout=io.StringIO(),
    )
    generated = DisputeCase.objects.exclude(pk=first.pk)
    assert generated.count() == 300
    assert Person.objects.count() - people == sum(generated.values_list("worker_count", flat=True))
    this_year = sorted(
        serial(n)[2] for n in generated.filter(received_on__year=year).values_list("number", flat=True)
    )
    assert this_year[0] == 2 and this_year == list(range(2, len(this_year) + 2))
    later, _ = apply()
    assert later.number == f"张江调〔{year}〕{this_year[-1] + 1:04d}号"
    f = metrics.figures(metrics.Selection(world.users["zj_lead"], MonthPeriod()))  # and the one applied
    assert 0.7 < f.prior_mediation_rate < 0.9 and 0.65 < f.success_rate < 0.95
    respondents = set(generated.values_list("respondent__street", flat=True))
    assert respondents == {world.orgs["street:310115125"].pk}
    assert WorkItem.objects.filter(
        kind="dispute.mediate", subject_id__in=[str(c.pk) for c in generated]
    ).exists()


def test_generate_disputes_refuses_what_it_cannot_do(world):
    with pytest.raises(CommandError, match="no mediation centre"):
        call_command("generate_disputes", "--count=1", "--centre=不存在的中心", "--quiet")
    with pytest.raises(CommandError, match="between 0 and 1"):
        call_command(
            "generate_disputes", "--count=1", f"--centre={world.orgs['zj_centre'].pk}", "--success=1.5"
        )
