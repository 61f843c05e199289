"""Intake (条例 第九条、第十三条、第二十条; 若干规定 第十八条): complaints and reports, linking, refusal, the
two-year limit, group cases raised to the leaders."""

import random
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection
from django.db.migrations.executor import MigrationExecutor

from renshe.core.casework import version_of
from renshe.core.errors import PermissionDenied, ValidationFailed
from renshe.core.models import Enterprise, WorkItem
from renshe.core.subjects import subject_of
from renshe.inspection import services
from renshe.inspection.models import InspectionCase, ReportStatus, WageClaim
from renshe.inspection.services import RespondentInput, WorkerInput
from renshe.inspection.workflow import Status
from tests import builders

from .conftest import RECEIVED


def test_a_complaint_opens_a_numbered_case_with_each_workers_ledger(complain):
    report = complain(3)
    case = report.case
    assert case.number == "奉人社监〔2026〕0001号" and case.status == Status.RECEIVED
    assert case.origin == "complaint" and case.worker_count == 3
    # 5 200.37 + 5 201.37 + 5 202.37 = 15 604.11 a month, five months
    assert case.owed_total == Decimal("78020.55")
    assert [c.owed_total for c in WageClaim.objects.filter(case=case)] == [
        Decimal("26001.85"),
        Decimal("26006.85"),
        Decimal("26011.85"),
    ]
    assert WorkItem.objects.filter(**subject_of(case), kind="inspection.intake", status="open").exists()


def test_a_second_report_on_the_same_employer_joins_the_open_case(complain, u, brigade, factory, workers):
    first = complain(2)
    second = services.register_report(
        by=u["fx_inspector2"],
        brigade=brigade,
        kind="report",
        channel="hotline",
        external_reference="12345-2026-0918",
        respondent=RespondentInput(enterprise_id=factory.pk),
        content="群众举报该厂拖欠工人工资，工人聚集在厂门口。",
        received_on=RECEIVED,
        anonymous=True,
        workers=workers(3)[2:],
    )
    assert second.case_id == first.case_id and second.status == ReportStatus.LINKED
    assert InspectionCase.objects.count() == 1
    assert InspectionCase.objects.get().worker_count == 3


def test_an_anonymous_report_keeps_no_identity(complain, u, brigade, factory):
    with pytest.raises(ValidationFailed) as error:
        services.register_report(
            by=u["fx_inspector"],
            brigade=brigade,
            kind="report",
            channel="portal",
            respondent=RespondentInput(enterprise_id=factory.pk),
            content="该厂长期拖欠工资，不发工资条。",
            anonymous=True,
            reporter_contact="13800000000",
        )
    assert error.value.field == "anonymous"


def test_a_complaint_cannot_be_anonymous(complain):
    with pytest.raises(ValidationFailed) as error:
        complain(1, anonymous=True)
    assert error.value.field == "anonymous"


def test_a_report_naming_an_unknown_enterprise_is_refused_clearly(complain):
    with pytest.raises(ValidationFailed) as error:
        complain(1, respondent=RespondentInput(name="不存在的某某公司"))
    assert error.value.field == "respondent" and "统一社会信用代码" in str(error.value.message)
    with pytest.raises(ValidationFailed):
        complain(1, respondent=RespondentInput(enterprise_id=999999))
    assert InspectionCase.objects.count() == 0


def test_a_new_enterprise_named_by_credit_code_is_recorded(complain, world):
    from renshe.core.synthetic import credit_code

    street = world.orgs["street:310120101"]
    code = credit_code(55501, "310120")
    report = complain(
        1, respondent=RespondentInput(credit_code=code, name="上海新开某厂", street_id=street.pk)
    )
    assert report.case.respondent == Enterprise.objects.get(credit_code=code)


def test_an_employer_outside_the_district_is_not_the_brigades(complain, world):
    putuo_firm = Enterprise.objects.exclude(street__path__startswith=world.orgs["fx"].path).first()
    with pytest.raises(ValidationFailed) as error:
        complain(1, respondent=RespondentInput(enterprise_id=putuo_firm.pk))
    assert "管辖" in str(error.value.message)


@pytest.mark.parametrize(
    "months",
    [
        [(date(2099, 1, 1), Decimal("100"))],  # a future month
        [(date(2026, 5, 1), Decimal("-5200.00"))],  # a negative amount
        [(date(2026, 5, 1), Decimal("0"))],
        [(date(2026, 5, 1), Decimal("5200.001"))],  # below a cent
        [(date(2026, 5, 1), Decimal("1")), (date(2026, 5, 20), Decimal("1"))],  # the same month twice
        [],
    ],
)
def test_bad_months_are_refused_and_nothing_is_written(complain, months):
    with pytest.raises(ValidationFailed) as error:
        complain(1, workers=[WorkerInput("110101199003074514", "张三", months=months)])
    assert error.value.field == "workers.0"
    assert InspectionCase.objects.count() == 0


def test_an_outsider_cannot_register_for_the_brigade(complain, u):
    with pytest.raises(PermissionDenied):
        complain(1, by=u["pt_admin"])


def test_a_grid_officer_reports_to_the_brigade_of_the_grid_and_no_other(complain, u, world, login):
    report = complain(1, by=u["fx_grid"])  # 南桥网格 sits under 奉贤's brigade
    assert report.case.organisation.name == "奉贤区劳动保障监察大队" and report.created_by == u["fx_grid"]
    with pytest.raises(PermissionDenied):
        complain(1, by=u["fx_grid"], brigade=world.orgs["pt_brigade"])
    # the counter's form offers that brigade alone; the grid does not open the brigade's case file
    grid = login("fx_grid")
    page = grid.get("/inspection/new/").content.decode()
    assert f'name="brigade" value="{world.orgs["fx_brigade"].pk}"' in page
    assert grid.get(f"/inspection/{report.case.pk}/").status_code == 404


def test_a_portal_complaint_has_no_user(complain):
    report = complain(1, by=None, channel="portal")
    assert report.case.created_by is None


def test_the_two_year_limit_prefills_the_refusal_and_blocks_acceptance(complain, u):
    ended = RECEIVED - timedelta(days=731)
    report = complain(1, violation_ended_on=ended)
    assert "第二十条" in report.refusal_reason
    with pytest.raises(ValidationFailed) as error:
        services.accept_case(
            report.case, by=u["fx_inspector"], filed_on=RECEIVED, version=version_of(report.case)
        )
    assert "第二十条" in str(error.value.message)
    services.refuse_report(report, by=u["fx_inspector"], version=version_of(report.case))
    case = InspectionCase.objects.get()
    assert case.status == Status.REFUSED and case.worker_count == 0 and case.owed_total == 0
    assert not WorkItem.objects.filter(**subject_of(case), status="open").exists()


def test_within_two_years_is_accepted(complain, u):
    report = complain(1, violation_ended_on=RECEIVED - timedelta(days=729))
    case = services.accept_case(
        report.case, by=u["fx_inspector"], filed_on=RECEIVED, version=version_of(report.case)
    )
    assert case.status == Status.ACCEPTED


def test_a_group_case_goes_to_the_leaders_at_once(complain, world):
    case = complain(10).case
    assert case.group_case
    roles = set(
        WorkItem.objects.filter(**subject_of(case), kind="inspection.group_case").values_list(
            "role", flat=True
        )
    )
    assert roles == {"bureau_leader", "department_admin"}


def test_a_small_case_is_not_a_group_case(complain):
    assert not complain(9).case.group_case


def test_a_large_sum_makes_a_group_case(complain, settings):
    settings.RENSHE_GROUP_CASE_AMOUNT = "50000.00"
    assert complain(2).case.group_case


def test_the_group_case_amount_is_the_local_figure_in_force_that_day(complain, world):
    # a local working rule entered in 参数设置 with its date: from tomorrow is not yet today's figure
    from renshe.core import administration
    from renshe.core.models import AmountKind

    def lower_to_50000(day):
        administration.add_statutory_amount(
            by=world.users["admin"],
            kind=AmountKind.GROUP_CASE_AMOUNT,
            amount="50000",
            effective_from=day,
            citation="奉人社〔2026〕9号",
        )

    lower_to_50000(date(2026, 11, 26))
    assert not complain(2).case.group_case  # today (11-25) the setting's 500,000 is still the figure
    lower_to_50000(date(2026, 11, 25))
    assert complain(3).case.group_case


@pytest.mark.parametrize("spelling", builders.SPELLINGS)
def test_the_same_worker_spelt_another_way_is_a_duplicate(complain, workers, spelling):
    """The service itself, as the pages, the API and the hand-off from disputes call it (they normalise first)."""
    first, second = workers(2)
    first.id_number = builders.id_ending_in_x(random.Random(8))
    second.id_number = builders.SPELLINGS[spelling](first.id_number)
    with pytest.raises(ValidationFailed) as error:
        complain(workers=[first, second])
    assert error.value.field == "workers" and "身份证号码重复" in str(error.value.message)
    assert not InspectionCase.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_constraint_names_open_cases_to_join_before_it_is_built(complain):
    """Two reports at once could each open a case before inspection 0010: migrating then names the pair, and
    goes through once one of them is closed."""
    case = complain(1).case
    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()
    executor.migrate([("inspection", "0009_site_check")])
    try:
        twin = InspectionCase.objects.create(
            **{
                f.attname: getattr(case, f.attname)
                for f in InspectionCase._meta.concrete_fields
                if not f.primary_key
            }
            | {"number": "奉人社监〔2026〕0002号"}
        )
        with pytest.raises(RuntimeError, match=f"{case.number}, {twin.number}"):
            MigrationExecutor(connection).migrate(leaves)
        InspectionCase.objects.filter(pk=twin.pk).update(status=Status.REFUSED)
    finally:
        MigrationExecutor(connection).migrate(leaves)
    with pytest.raises(IntegrityError):
        InspectionCase.objects.filter(pk=twin.pk).update(status=Status.RECEIVED)


def test_the_two_year_limit_is_two_calendar_years_and_its_last_day_is_in_time(complain, u):
    # 劳动保障监察条例 第二十条 (2年, counted from the violation's end), 民法典 第二百零二条: a violation that ended on
    # 2024-09-29 may be reported up to Tuesday 2026-09-29 (RECEIVED), the last allowed day
    report = complain(1, violation_ended_on=date(2024, 9, 29))
    assert not report.refusal_reason
    case = services.accept_case(
        report.case, by=u["fx_inspector"], filed_on=RECEIVED, version=version_of(report.case)
    )
    assert case.status == Status.ACCEPTED
    # one day earlier, the limit ended on Monday 2026-09-28: RECEIVED is the first refused day
    assert services.is_time_barred(date(2024, 9, 28), RECEIVED)


def test_the_two_year_limit_ending_on_a_weekend_runs_to_the_next_working_day(db):
    # 第二十条 with 民法典 第二百零三条: ended 2023-03-01 → two years end Saturday 2025-03-01 → Monday 2025-03-03
    assert not services.is_time_barred(date(2023, 3, 1), date(2025, 3, 3))  # last allowed day
    assert services.is_time_barred(date(2023, 3, 1), date(2025, 3, 4))  # first refused day


def test_a_continuing_violation_is_never_time_barred(db):
    # 第二十条: 有连续或者继续状态的，自行为终了之日起计算 — wages still unpaid have no end day yet
    assert not services.is_time_barred(None, date(2030, 1, 1))
