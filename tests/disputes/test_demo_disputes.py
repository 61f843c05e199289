"""The demo's disputes (three years of history through the generator, plus live cases through the services)
and the generate_disputes command."""

import re
from decimal import Decimal

import pytest
from django.db.models import F, Max
from django.utils import timezone

from renshe.core import selectors as core_selectors
from renshe.core.models import CaseSequence, Event, Organisation, User
from renshe.core.money import MoneySum
from renshe.core.numbering import next_case_number
from renshe.core.periods import MonthPeriod
from renshe.core.timeline import verify_chain
from renshe.disputes import demo, metrics, selectors
from renshe.disputes.models import AgreementItem, Claim, DisputeCase, Payment
from renshe.disputes.workflow import Status
from tests.world import demo_loaded_once

NUMBER = re.compile(r"^(?P<prefix>.+)〔(?P<year>\d{4})〕(?P<serial>\d{4,})号$")


def serial(number: str) -> tuple[str, int, int]:
    m = NUMBER.match(number)
    assert m, number
    return m["prefix"], int(m["year"]), int(m["serial"])


@pytest.fixture(scope="module")
def demo_once(migrated_tables, django_db_blocker):
    with demo_loaded_once(django_db_blocker, migrated_tables, RENSHE_DEMO_DISPUTES="full"):
        yield


@pytest.fixture
def full_demo(demo_once, db):
    """load_demo with a small registry but the disputes the real demo gets (loaded once for the module)."""
    return Organisation.objects.get(name="张江镇劳动争议调解中心")


def test_history_reproduces_the_stories_rates(full_demo):
    cases = DisputeCase.objects.filter(received_by=full_demo)
    network = metrics.Selection(User.objects.get(username="zj_lead"), MonthPeriod(), organisation=full_demo)
    f = metrics.figures(network)
    assert f.received == demo.HISTORY_YEARS * demo.CASES_PER_YEAR + 16  # and the live cases
    assert f.prior_mediation_rate == pytest.approx(0.8, abs=0.03)
    assert f.success_rate == pytest.approx(0.8, abs=0.03)
    monthly = [f.received for *_kl, f in metrics.figures_by(network, "month")]
    assert len(monthly) in (36, 37) and min(monthly[1:-1]) >= 30 and max(monthly) <= 250  # spread out
    # most of the history is finished; what is open came in within the last year (a case may spend months
    # in arbitration and court)
    finished = cases.filter(
        status__in=[Status.CLOSED, Status.DECLINED, Status.WITHDRAWN, Status.FAILED]
    ).count()
    assert finished / f.received > 0.9
    open_since = cases.exclude(status__in=[Status.CLOSED, Status.DECLINED, Status.WITHDRAWN, Status.FAILED])
    oldest_open = open_since.order_by("received_on").values_list("received_on", flat=True).first()
    assert (timezone.localdate() - oldest_open).days < 366


def test_every_state_occurs_and_the_workbenches_have_their_tasks(full_demo):
    statuses = set(DisputeCase.objects.values_list("status", flat=True).distinct())
    assert statuses == set(Status.values)
    live = DisputeCase.objects.filter(created_by__isnull=False)
    assert live.filter(status=Status.MEDIATING).count() >= 3  # due soon, overdue, the collective one
    for username, kind in (
        ("zj_centre", "dispute.intake"),
        ("zj_centre", "dispute.route"),
        ("zj_centre", "dispute.mediate"),
        ("zj_studio", "dispute.mediate"),
        ("zj_studio", "dispute.performance"),
        ("zj_village", "dispute.take_up"),
        ("zj_village", "dispute.mediate"),
        ("zj_arbitrator", "arbitration.accept"),
        ("zj_arbitrator", "arbitration.award"),
        ("zj_arbitrator", "arbitration.suit_window"),
        ("zj_lead", "dispute.collective"),
    ):
        items = core_selectors.work_items_for(User.objects.get(username=username))
        assert items.filter(kind=kind).exists(), (username, kind)
    today = timezone.localdate()
    studio = core_selectors.work_items_for(User.objects.get(username="zj_studio")).filter(
        kind="dispute.mediate"
    )
    assert studio.filter(due_soon_on__lte=today, due_on__gte=today).exists()  # one due soon
    centre = core_selectors.work_items_for(User.objects.get(username="zj_centre")).filter(
        kind="dispute.mediate"
    )
    assert centre.filter(due_on__lt=today).exists()  # one overdue
    collective = live.get(collective=True)
    assert collective.applicants.filter(representative=True).count() == 3
    settled = DisputeCase.objects.filter(created_by__isnull=False, status=Status.SETTLED).get()
    assert Decimal("0") < settled.paid_total < settled.agreed_total  # a partial payment
    # out of scope: Putuo's street mediator sees none of it, only the cases referred to the street
    caoyang = User.objects.get(username="pt_caoyang")
    seen = selectors.disputes_for(caoyang)
    assert not seen.filter(received_by=full_demo).exists()
    assert seen.count() == 2 and {c.organisation_id for c in seen} == {caoyang.organisation_id}


def test_numbers_continue_the_case_sequence(full_demo):
    year = timezone.localdate().year
    numbers = list(
        DisputeCase.objects.filter(received_by=full_demo, received_on__year=year).values_list(
            "number", flat=True
        )
    )
    serials = sorted(serial(n)[2] for n in numbers)
    assert serials == list(range(1, len(serials) + 1))  # no gap, no repeat, official format
    sequence = CaseSequence.objects.get(organisation=full_demo, series="dispute", year=year)
    assert sequence.last_number == serials[-1]
    # the live cases (registered by staff after the history) took the last numbers
    live = DisputeCase.objects.filter(received_by=full_demo, created_by__isnull=False, received_on__year=year)
    generated = DisputeCase.objects.filter(created_by__isnull=True, channel="counter", received_on__year=year)
    assert min(serial(n)[2] for n in live.values_list("number", flat=True)) > max(
        serial(n)[2] for n in generated.values_list("number", flat=True)
    )
    assert next_case_number(full_demo, "dispute") == f"张江调〔{year}〕{serials[-1] + 1:04d}号"
    tribunal = Organisation.objects.get(name="科创仲裁庭")
    for row in CaseSequence.objects.filter(organisation=tribunal, series="arbitration"):
        issued = DisputeCase.objects.filter(arbitration__number__contains=f"〔{row.year}〕").aggregate(
            m=Max("arbitration__number")
        )["m"]
        assert serial(issued)[2] == row.last_number


def test_totals_are_the_sums_of_their_rows(full_demo):
    totals = DisputeCase.objects.aggregate(
        c=MoneySum("claimed_total"), a=MoneySum("agreed_total"), p=MoneySum("paid_total")
    )
    assert Claim.objects.aggregate(s=MoneySum("amount"))["s"] == totals["c"]
    items = AgreementItem.objects.aggregate(a=MoneySum("amount"), p=MoneySum("paid_amount"))
    assert (items["a"], items["p"]) == (totals["a"], totals["p"])
    assert Payment.objects.aggregate(s=MoneySum("amount"))["s"] == totals["p"]
    closed_by_agreement = DisputeCase.objects.filter(status=Status.CLOSED, outcome="settled")
    assert closed_by_agreement.exists()
    assert not closed_by_agreement.filter(paid_total__lt=F("agreed_total")).exists()  # closed when paid
    assert verify_chain().intact
    assert Event.objects.filter(verb="dispute.generated").count() == 1
