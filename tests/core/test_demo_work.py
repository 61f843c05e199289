"""Every demo login finds work (issue 12, point 9): on the demo as `load_demo` builds it (through the
services, dated from today), each login's workbench holds something to do — the street mediators their
street's referred cases, the grid officer a site check for the brigade — and the leader of 普陀 sees the
district's disputes, inspections and figures. The talent officer and the expert stay empty: the
skilled-talent module (issue 15) is not built, and README says so."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from renshe.core import demo, law
from renshe.core.models import User
from renshe.core.periods import MonthPeriod
from renshe.core.selectors import work_items_for
from renshe.core.services import due_soon_date
from renshe.core.workdays import compute_deadline
from renshe.disputes import metrics as dispute_metrics
from renshe.disputes.models import DisputeCase
from renshe.inspection import metrics as inspection_metrics
from renshe.inspection.models import SiteCheck
from tests.core.conftest import signed_in

# the mediation due dates and the site check's are counted from today
pytestmark = pytest.mark.clock

USERNAMES = ["admin"] + [u[0] for u in demo.USERS]
# no module of their own yet: the skilled-talent module is issue 15
NO_MODULE_YET = {"pt_talent", "pt_expert"}
STREETS = {"pt_caoyang": "曹杨新村街道", "pt_changfeng": "长风新村街道"}


def due_soon_possible(today: date) -> bool:
    """Whether a mediation received on some day before `today` is due soon today (the day before 春节 2027,
    none is: the holiday moves every due date of the days that would be past the reminder)."""
    for days_ago in range(1, 40):
        start = today - timedelta(days=days_ago)
        due = compute_deadline(law.MEDIATION_PERIOD, start).due
        if due_soon_date(start, due) <= today <= due:
            return True
    return False


@pytest.mark.parametrize("username", sorted(set(USERNAMES) - NO_MODULE_YET))
def test_every_demo_login_finds_work_on_the_workbench(full_demo, username):
    body = signed_in(username).get("/").content.decode()
    items = work_items_for(User.objects.get(username=username))
    assert items.exists(), username
    assert items.order_by("due_on").first().title in body


def test_the_talent_officer_and_the_expert_have_no_casework_yet(full_demo):
    for username in NO_MODULE_YET:
        assert not work_items_for(User.objects.get(username=username)).exists(), username


@pytest.mark.parametrize("username", STREETS)
def test_a_street_mediator_mediates_what_the_district_centre_referred(full_demo, username):
    today = timezone.localdate()
    user = User.objects.get(username=username)
    items = work_items_for(user)
    mediate = items.get(kind="dispute.mediate", assignee=user)
    # the fifteen days nearly up: due soon, unless no start makes a case due soon today (rest days)
    assert today <= mediate.due_on
    assert mediate.due_soon_on <= today or not due_soon_possible(today)
    take_up = items.get(kind="dispute.take_up")  # referred two days ago, not taken up yet
    assert take_up.organisation.name == STREETS[username]
    mine = DisputeCase.objects.filter(organisation=user.organisation)
    assert mine.count() == 2
    assert {c.received_by.name for c in mine} == {"普陀区劳动人事争议调解中心"}
    assert {c.respondent.street_id for c in mine} == {user.organisation_id}  # employers of the street
    client = signed_in(username)
    queue = client.get("/disputes/queue/").content.decode()
    case = DisputeCase.objects.get(pk=mediate.subject_id)
    assert case.number in queue and "调解中" in queue
    # the other street's cases answer 404 like missing ones
    other = DisputeCase.objects.exclude(organisation=user.organisation).filter(
        received_by__name="普陀区劳动人事争议调解中心"
    )
    assert other.count() == 2
    assert client.get(f"/disputes/{other.first().pk}/").status_code == 404


def test_the_grid_officer_has_a_site_check_for_the_brigade(full_demo):
    today = timezone.localdate()
    item = work_items_for(User.objects.get(username="fx_grid")).get(kind="inspection.site_check")
    assert today < item.due_on
    check = SiteCheck.objects.get(pk=item.subject_id)
    page = signed_in("fx_grid").get(item.url).content.decode()
    assert check.case.respondent.name in page and check.ask in page and 'name="findings"' in page
    # the one already visited is on the brigade's case page, findings and all
    visited = SiteCheck.objects.get(visited_on=today)
    case_page = signed_in("fx_inspector").get(f"/inspection/{visited.case_id}/").content.decode()
    assert "网格现场核查" in case_page and visited.findings in case_page


def test_the_leader_of_putuo_sees_putuo_cases_and_figures(full_demo):
    leader = signed_in("pt_leader")
    disputes = leader.get("/disputes/").content.decode()
    inspections = leader.get("/inspection/").content.decode()
    assert "曹杨调" in disputes and "普调" in disputes and "普人社监" in inspections
    assert leader.get("/disputes/dashboard/").status_code == 200
    assert leader.get("/inspection/dashboard/").status_code == 200
    # the dashboards' figures over the leader's scope (the pages' default: the last twelve months): three
    # applications at 曹杨新村街道's centre, four at the district's, two of them in mediation on the streets
    user = User.objects.get(username="pt_leader")
    period = MonthPeriod.asked({}, timezone.localdate())
    figures = dispute_metrics.figures(dispute_metrics.Selection(user, period))
    assert (figures.received, figures.mediated) == (7, 2)
    inspection = inspection_metrics.statistics(inspection_metrics.Selection(user, period))
    assert inspection.total.received == 3 and inspection.streets
    group = work_items_for(User.objects.get(username="pt_leader")).get(kind="inspection.group_case")
    assert "12人" in group.title
