"""The dispute pages over HTTP: counter registration, the list and its export, the queue, and a case driven
through its stages by posting the forms its page offers."""

import importlib.util
import random
import re
from datetime import timedelta
from decimal import Decimal
from io import BytesIO

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from renshe.core.casework import version_of
from renshe.core.models import Event, Person
from renshe.core.subjects import subject_of
from renshe.core.synthetic import citizen_id, credit_code
from renshe.disputes import remedies, services
from renshe.disputes.models import DisputeCase, Payment
from renshe.disputes.views.clock import due_state
from tests import builders

TODAY = timezone.localdate


def formset(prefix: str, rows: list[dict], total: int | None = None) -> dict:
    data = {
        f"{prefix}-TOTAL_FORMS": str(total or len(rows)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "1",
        f"{prefix}-MAX_NUM_FORMS": "500",
    }
    for i, row in enumerate(rows):
        data.update({f"{prefix}-{i}-{k}": v for k, v in row.items()})
    return data


@pytest.fixture
def application(world, zhangjiang_firm):
    """The counter form as a clerk fills it in: two workers, two claims and one row left blank."""
    rng = random.Random(23)
    return {
        "centre": world.orgs["zj_centre"].pk,
        "received_on": TODAY().isoformat(),
        "case_type": "remuneration",
        "respondent": zhangjiang_firm.pk,
        "facts": "2026年9月至10月工资未发，多次催讨，公司以经营困难为由拖延。",
        **formset(
            "applicants",
            [
                {
                    "name": "王小明",
                    "id_number": citizen_id(rng),
                    "phone": "13812345678",
                    "representative": "on",
                },
                {"name": "李小红", "id_number": citizen_id(rng), "phone": ""},
            ],
        ),
        **formset(
            "claims",
            [
                {"claim_type": "unpaid_wages", "amount": "18000", "note": "两个月工资"},
                {"claim_type": "overtime", "amount": "3200.50", "note": ""},
                {"claim_type": "", "amount": "", "note": ""},
            ],
        ),
    }


def written() -> tuple[int, int, int]:
    return DisputeCase.objects.count(), Event.objects.count(), Person.objects.count()


# --- counter registration ------------------------------------------------------------------------


def test_counter_form_registers_the_case_and_shows_number_and_query_code_once(login, application):
    client = login("zj_centre")
    assert client.get("/disputes/new/").status_code == 200
    response = client.post("/disputes/new/", application)
    case = DisputeCase.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/disputes/{case.pk}/registered/"

    page = client.get(response["Location"]).content.decode()
    code = re.search(r'data-testid="query-code">(\d+)<', page).group(1)
    assert case.number in page and services.find_by_query_code(case.number, code) == case
    assert code not in client.get(response["Location"]).content.decode()  # shown once only

    assert case.channel == "counter" and case.worker_count == 2 and case.claimed_total == Decimal("21200.50")
    assert sorted(a.person.name for a in case.applicants.all()) == ["李小红", "王小明"]
    assert case.applicants.get(representative=True).person.name == "王小明"
    assert [(c.claim_type, c.amount) for c in case.claims.order_by("id")] == [
        ("unpaid_wages", Decimal("18000.00")),
        ("overtime", Decimal("3200.50")),
    ]


def test_adding_a_row_keeps_the_input_and_saves_nothing(login, application):
    before = written()
    response = login("zj_centre").post("/disputes/new/", {**application, "add": "applicants"})
    body = response.content.decode()
    assert response.status_code == 200 and written() == before
    assert 'name="applicants-2-name"' in body and 'value="王小明"' in body
    assert 'class="error"' not in body


def test_a_new_respondent_is_named_by_credit_code(login, application, world):
    code = credit_code(4242, "310115")
    data = {
        **application,
        "respondent": "",
        "respondent_credit_code": code.lower(),
        "respondent_name": "上海新申请人科技有限公司",
        "respondent_street": world.orgs["street:310115125"].pk,
    }
    assert login("zj_centre").post("/disputes/new/", data).status_code == 302
    assert DisputeCase.objects.get().respondent.credit_code == code


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"claims-0-amount": "-5"}, "claims-0-amount", "金额必须大于零"),
        ({"claims-1-amount": "99999999999"}, "claims-1-amount", ""),
        ({"applicants-1-id_number": "310101199001011230"}, "applicants-1-id_number", "校验位"),
        ({"applicants-0-id_number": "31010119900101"}, "applicants-0-id_number", "18位"),
        (
            {"respondent": "", "respondent_credit_code": "913101150000000000", "respondent_name": "某公司"},
            "respondent_credit_code",
            "统一社会信用代码",
        ),
        ({"received_on": (TODAY() + timedelta(days=2)).isoformat()}, "received_on", "不能晚于今天"),
        ({"facts": "太短"}, "facts", "至少10个字"),
        ({"respondent": ""}, "respondent", "请选择"),
    ],
)
def test_bad_input_is_refused_on_its_field_keeps_the_input_and_writes_nothing(
    login, application, world, changes, field, message
):
    data = {**application, "respondent_street": world.orgs["street:310115125"].pk, **changes}
    before = written()
    response = login("zj_centre").post("/disputes/new/", data)
    body = response.content.decode()
    assert response.status_code == 200
    assert f'data-field="{field}"' in body and message in body
    assert 'value="王小明"' in body and data["facts"] in body  # nothing to type again
    assert written() == before


def test_the_same_worker_twice_is_refused_on_the_applicants(login, application):
    data = {**application, "applicants-1-id_number": application["applicants-0-id_number"]}
    body = login("zj_centre").post("/disputes/new/", data).content.decode()
    assert 'data-field="applicants"' in body and "身份证号码重复" in body
    assert not DisputeCase.objects.exists()


def test_a_studio_mediator_has_no_centre_to_register_for(login):
    # no centre in scope: neither the menu nor the lists offer the form, and the form itself is refused
    client = login("zj_studio")
    assert client.get("/disputes/new/").status_code == 403
    for page in ("/", "/disputes/", "/disputes/queue/"):
        assert 'href="/disputes/new/"' not in client.get(page).content.decode()


# --- list, export, queue --------------------------------------------------------------------------


def case_ids(body: str) -> set[int]:
    return {int(pk) for pk in re.findall(r'data-case="(\d+)"', body)}


@pytest.fixture
def spread(world, apply):
    """Five cases at 张江: received 40, 20, 10, 5 and 0 days ago; the 20- and 10-day ones referred to the
    studio, the 5-day one accepted and kept at the centre."""
    u = world.users
    cases = {days: apply(days_ago=days)[0] for days in (40, 20, 10, 5, 0)}
    for days in (20, 10, 5):
        cases[days] = services.accept_dispute(cases[days], by=u["zj_centre"], version=version_of(cases[days]))
    for days in (20, 10):
        cases[days] = services.refer_dispute(
            cases[days], by=u["zj_centre"], to=world.orgs["zj_studio"], version=version_of(cases[days])
        )
    return cases


def test_list_filters_by_organisation_status_and_received_dates(login, world, spread):
    client = login("zj_centre")
    assert case_ids(client.get("/disputes/").content.decode()) == {c.pk for c in spread.values()}
    studio = world.orgs["zj_studio"].pk
    query = {
        "organisation": studio,
        "status": "referred",
        "received_from": (TODAY() - timedelta(days=15)).isoformat(),
        "received_to": TODAY().isoformat(),
    }
    body = client.get("/disputes/", query).content.decode()
    assert case_ids(body) == {spread[10].pk}
    assert f'<option value="{studio}" selected>' in body and 'value="referred" selected' in body  # kept
    assert case_ids(client.get("/disputes/", {**query, "received_from": ""}).content.decode()) == {
        spread[20].pk,
        spread[10].pk,
    }
    assert case_ids(client.get("/disputes/", {"q": spread[5].number}).content.decode()) == {spread[5].pk}
    # nonsense in the query string is ignored, not an error
    assert client.get("/disputes/", {"received_from": "2026-13-45", "organisation": "x"}).status_code == 200


def test_list_is_paginated_by_twenty(login, apply):
    for _ in range(21):
        apply()
    client = login("zj_centre")
    assert len(case_ids(client.get("/disputes/").content.decode())) == 20
    assert len(case_ids(client.get("/disputes/", {"page": 2}).content.decode())) == 1


def test_list_and_queue_rows_name_the_first_applicant_and_how_many_more(login, world, apply):
    case = builders.mediating(world, apply(workers=3)[0])
    alone = builders.mediating(world, apply()[0])
    for page in ("/disputes/", "/disputes/queue/"):
        body = login("zj_centre").get(page).content.decode()
        row = body[body.index(f'data-case="{case.pk}"') :]
        row = row[: row.index("</tr>")]
        assert '工人0<span class="muted small"> 等3人</span>' in row and "工人1" not in row
        row = body[body.index(f'data-case="{alone.pk}"') :]
        assert '<td class="nowrap">工人0</td>' in row[: row.index("</tr>")]


def test_excel_export_of_the_filtered_list(login, spread):
    response = login("zj_centre").get("/disputes/", {"status": "referred", "export": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("案号", "状态", "申请人")
    assert sorted(r[0] for r in rows[1:]) == sorted([spread[20].number, spread[10].number])
    assert all(r[1] == "已转派待接收" and r[4] == spread[10].respondent.name for r in rows[1:])


def test_queue_shows_the_mediators_open_cases_with_due_marks(login, world, apply):
    late, _ = apply(days_ago=40)
    fresh, _ = apply()
    for case in (late, fresh):
        builders.mediating(world, case)
    apply()  # not taken up: not in anyone's queue
    body = login("zj_centre").get("/disputes/queue/").content.decode()
    assert case_ids(body) == {late.pk, fresh.pk}
    assert body.index(late.number) < body.index(fresh.number)  # soonest due first
    row = body[body.index(f'data-case="{late.pk}"') - 40 : body.index(fresh.number)]
    assert "row-overdue" in row and "已超期" in row
    assert case_ids(login("zj_studio").get("/disputes/queue/").content.decode()) == set()


def test_due_state_marks_the_last_share_of_the_period(apply):
    case, _ = apply()
    case.status, case.received_on = "mediating", TODAY() - timedelta(days=13)
    case.mediation_due_on = case.received_on + timedelta(days=15)
    assert due_state(case, TODAY()) == "due-soon"  # day 13 of 15, past 80%
    assert due_state(case, case.received_on + timedelta(days=5)) == "on-track"
    assert due_state(case, case.mediation_due_on + timedelta(days=1)) == "overdue"
    case.status = "suspended"  # the clock stands still
    assert due_state(case, case.mediation_due_on + timedelta(days=1)) == ""


@pytest.mark.parametrize("page", ["/disputes/", "/disputes/queue/"])
def test_list_and_queue_queries_do_not_grow_with_rows(
    login, world, apply, page, django_assert_max_num_queries
):
    def add(n):
        for _ in range(n):
            builders.mediating(world, apply(workers=2)[0])

    client = login("zj_centre")
    add(2)
    client.get(page)  # warm the per-process caches (content types, menu)
    with django_assert_max_num_queries(17) as few:  # the table (preference, tree, handlers); the menu's scope
        client.get(page)
    add(12)
    with django_assert_max_num_queries(len(few.captured_queries)):
        body = client.get(page).content.decode()
    assert len(case_ids(body)) == 14


# --- scope ---------------------------------------------------------------------------------------


def test_another_streets_mediator_gets_404_on_a_zhangjiang_case(login, apply):
    case, _ = apply()
    client = login("pt_caoyang")
    assert client.get(f"/disputes/{case.pk}/").status_code == 404
    assert client.post(f"/disputes/{case.pk}/accept/", {"accept-version": case.version}).status_code == 404
    assert client.get(f"/disputes/{case.pk}/registered/").status_code == 404
    assert client.get(f"/disputes/{case.pk}/agreement.pdf").status_code == 404
    assert case.pk not in case_ids(client.get("/disputes/").content.decode())
    assert DisputeCase.objects.get(pk=case.pk).status == "applied"
    assert login("zj_centre").get(f"/disputes/{case.pk}/").status_code == 200


# --- the case page and its actions ---------------------------------------------------------------


def act(client, case, action: str, **fields):
    """Post an action's form as the case page offers it: the version is the one on the page."""
    page = client.get(f"/disputes/{case.pk}/").content.decode()
    assert f'data-action="{action}"' in page, f"{action} is not offered"
    version = re.search(rf'name="{action}-version" value="(\d+)"', page).group(1)
    data = {f"{action}-version": version}
    for key, value in fields.items():
        if key == "rows":
            data.update(formset(f"{action}-items", value, total=len(value) + 1))
        else:
            data[f"{action}-{key}"] = value
    return client.post(f"/disputes/{case.pk}/{action}/", data)


def offered(client, case) -> set[str]:
    return set(re.findall(r'data-action="(\w+)"', client.get(f"/disputes/{case.pk}/").content.decode()))


def test_a_case_from_acceptance_to_full_performance_on_its_page(login, world, apply):
    centre, studio = login("zj_centre"), login("zj_studio")
    case, _ = apply(days_ago=2)
    page = centre.get(f"/disputes/{case.pk}/").content.decode()
    assert "劳动争议调解仲裁法》第十四条" not in page  # no clock before acceptance
    assert offered(centre, case) == {"accept", "decline", "withdraw"}

    response = act(centre, case, "accept")
    assert response.status_code == 302 and response["Location"] == f"/disputes/{case.pk}/"
    page = centre.get(f"/disputes/{case.pk}/").content.decode()
    assert "已办理：受理" in page and "《劳动争议调解仲裁法》第十四条" in page
    case.refresh_from_db()
    assert case.status == "accepted" and case.mediation_due_on.isoformat() in page

    assert act(centre, case, "refer", to=world.orgs["zj_studio"].pk).status_code == 302
    assert offered(centre, case) >= {"revoke_referral", "withdraw"} and "take_up" not in offered(centre, case)
    assert act(studio, case, "take_up", mediators=[world.users["zj_studio"].pk]).status_code == 302
    held_at = (timezone.localtime() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    act(
        studio,
        case,
        "record_session",
        held_at=held_at,
        place="江心听语工作室",
        attendees="双方",
        minutes="达成一致",
    )
    case.refresh_from_db()
    assert case.status == "mediating" and case.sessions.count() == 1

    due = (TODAY() + timedelta(days=10)).isoformat()
    response = act(
        studio,
        case,
        "settle",
        signed_on=TODAY().isoformat(),
        terms="公司于十日内支付工资。",
        rows=[
            {"claim_type": "unpaid_wages", "description": "支付工资", "amount": "18000", "due_on": due},
            {"claim_type": "overtime", "description": "支付加班费", "amount": "2000", "due_on": due},
        ],
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == "settled" and case.agreed_total == Decimal("20000.00")
    assert {"record_payment", "arbitral_review", "judicial_confirmation"} <= offered(studio, case)

    first, second = case.agreement.items.order_by("id")
    for item in (first, second):
        response = act(studio, case, "record_payment", item=item.pk, amount=str(item.amount), paid_on=TODAY())
        assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == "closed" and case.paid_total == Decimal("20000.00")
    page = studio.get(f"/disputes/{case.pk}/").content.decode()
    assert 'data-action="' not in page and "step-done" in page and "调解协议书 PDF" in page
    assert Payment.objects.filter(item__agreement__case=case).count() == 2
    verbs = list(Event.objects.filter(**subject_of(case)).order_by("id").values_list("verb", flat=True))
    assert verbs[:5] == [
        "dispute.applied",
        "dispute.accepted",
        "dispute.referred",
        "dispute.taken_up",
        "dispute.session",
    ]
    assert verbs[-1] == "dispute.performed"


def test_a_refused_action_shows_the_error_on_its_form_and_keeps_the_input(login, world, apply):
    client = login("zj_centre")
    case = builders.mediating(world, apply(days_ago=3)[0])
    response = act(
        client,
        case,
        "settle",
        signed_on=TODAY().isoformat(),
        terms="分期支付的约定文字",
        rows=[
            {
                "claim_type": "unpaid_wages",
                "description": "工资",
                "amount": "100",
                "due_on": (TODAY() - timedelta(days=1)).isoformat(),
            }
        ],
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "履行期限早于签订日期" in body and "分期支付的约定文字" in body
    assert re.search(
        r'<details class="action action-primary" id="act-settle" data-action="settle" open>', body
    )
    case.refresh_from_db()
    assert case.status == "mediating" and not hasattr(case, "agreement")

    # a negative amount never reaches the service: the field says so
    body = act(client, case, "extend", days="-3", note="双方同意").content.decode()
    assert 'data-field="extend-days"' in body and "双方同意" in body


def test_a_stale_version_posts_a_conflict_and_changes_nothing(login, world, apply):
    case, _ = apply()
    first, second = login("zj_centre"), login("zj_lead")
    seen = case.version
    assert first.post(f"/disputes/{case.pk}/accept/", {"accept-version": seen}).status_code == 302
    response = second.post(
        f"/disputes/{case.pk}/decline/", {"decline-version": seen, "decline-reason": "重复"}
    )
    body = response.content.decode()
    assert response.status_code == 200 and "已被他人修改" in body
    assert DisputeCase.objects.get(pk=case.pk).status == "accepted"
    assert not Event.objects.filter(**subject_of(case), verb="dispute.declined").exists()

    # the same for an action whose service takes no version: the page checks it
    case = services.take_up_dispute(
        DisputeCase.objects.get(pk=case.pk),
        by=world.users["zj_centre"],
        mediators=[world.users["zj_centre"]],
        version=version_of(DisputeCase.objects.get(pk=case.pk)),
    )
    stale = {
        "record_session-version": case.version - 1,
        "record_session-place": "中心",
        "record_session-attendees": "双方",
        "record_session-minutes": "笔录",
        "record_session-held_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
    }
    body = first.post(f"/disputes/{case.pk}/record_session/", stale).content.decode()
    assert "已被他人修改" in body and case.sessions.count() == 0


def test_an_action_not_allowed_from_the_state_is_refused(login, apply):
    case, _ = apply()
    client = login("zj_centre")
    body = client.post(f"/disputes/{case.pk}/fail/", {"fail-version": case.version, "fail-reason": "不成"})
    assert "不能执行此操作" in body.content.decode()
    assert client.post(f"/disputes/{case.pk}/nonsense/", {}).status_code == 404
    assert client.get(f"/disputes/{case.pk}/accept/").status_code == 405
    assert DisputeCase.objects.get(pk=case.pk).status == "applied"


def test_arbitration_actions_are_offered_to_the_arbitrator_only(login, world, apply):
    case = builders.mediating(world, apply(days_ago=30)[0])
    centre, arbitrator = login("zj_centre"), login("zj_arbitrator")
    assert "to_arbitration" in offered(centre, case)  # past the 15 days
    response = act(
        centre, case, "to_arbitration", commission=world.orgs["zj_tribunal"].pk, applied_on=TODAY()
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == "arbitration" and "accept_arbitration" not in offered(centre, case)
    assert act(arbitrator, case, "accept_arbitration", accepted_on=TODAY()).status_code == 302
    assert {"schedule_hearing", "extend_arbitration", "award"} <= offered(arbitrator, case)
    response = act(
        arbitrator,
        case,
        "award",
        awarded_on=TODAY(),
        summary="被申请人支付工资18000元。",
        rows=[{"claim_type": "unpaid_wages", "amount": "18000"}],
    )
    assert response.status_code == 302
    page = arbitrator.get(f"/disputes/{case.pk}/").content.decode()
    assert "终局裁决" in page and "仲裁裁决书 PDF" in page and case.arbitration.number in page
    if importlib.util.find_spec("renshe.disputes.documents"):
        response = arbitrator.get(f"/disputes/{case.pk}/award.pdf")
        assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    # 第四十八条、第四十九条: closing waits until both parties are served and their windows have run
    assert "close" not in offered(arbitrator, case) and "serve_award" in offered(arbitrator, case)
    worker = case.applicants.get()
    for party, method in ((worker.pk, "personal"), ("employer", "post")):
        response = act(arbitrator, case, "serve_award", party=party, method=method, received_on=TODAY())
        assert response.status_code == 302
    page = arbitrator.get(f"/disputes/{case.pk}/").content.decode()
    assert "serve_award" not in offered(arbitrator, case) and "close" not in offered(arbitrator, case)
    last = remedies.runs_until(DisputeCase.objects.get(pk=case.pk).arbitration)
    assert f"至{last.isoformat()}" in page
    # one served 58 days ago: every window has run, the award takes effect
    lapsed = builders.arbitrating(
        world,
        builders.mediating(world, apply(days_ago=90)[0]),
        applied_on=TODAY() - timedelta(days=80),
        accepted_on=TODAY() - timedelta(days=79),
        awarded_on=TODAY() - timedelta(days=60),
    )
    for party in (str(lapsed.applicants.get().pk), "employer"):
        services.serve_award(
            lapsed,
            by=world.users["zj_arbitrator"],
            party=party,
            method="personal",
            received_on=TODAY() - timedelta(days=58),
            version=version_of(lapsed),
        )
    assert act(arbitrator, lapsed, "close").status_code == 302
    assert DisputeCase.objects.get(pk=lapsed.pk).status == "closed"


def test_agreement_and_award_pdfs(login, world, apply):
    pytest.importorskip("renshe.disputes.documents")
    case, _ = apply(days_ago=2)
    client = login("zj_centre")
    assert client.get(f"/disputes/{case.pk}/agreement.pdf").status_code == 404  # no agreement yet
    items = [services.ItemInput("unpaid_wages", "支付工资", Decimal("100"), TODAY() + timedelta(days=3))]
    builders.settled(world, case, items=items)
    response = client.get(f"/disputes/{case.pk}/agreement.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert client.get(f"/disputes/{case.pk}/award.pdf").status_code == 404


def test_counter_form_takes_evidence_files_and_refuses_a_disguised_one_writing_nothing(
    login, application, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    client = login("zj_centre")
    before = written()
    disguised = SimpleUploadedFile("工资条.pdf", b"GIF89a not a pdf", content_type="application/pdf")
    body = client.post("/disputes/new/", {**application, "evidence": [disguised]}).content.decode()
    assert 'data-field="evidence"' in body or "按文件内容判断" in body
    assert written() == before  # the application was refused with its file
    files = [
        SimpleUploadedFile("工资条.pdf", b"%PDF-1.4 pay slip", content_type="application/pdf"),
        SimpleUploadedFile("聊天记录.png", b"\x89PNG\r\n\x1a\n....", content_type="image/png"),
    ]
    assert client.post("/disputes/new/", {**application, "evidence": files}).status_code == 302
    case = DisputeCase.objects.get()
    assert sorted(e.name for e in case.evidence.all()) == ["工资条.pdf", "聊天记录.png"]
    assert services.accept_dispute(case, by=case.created_by, version=case.version).status == "accepted"


def test_evidence_is_listed_on_the_case_and_downloadable_only_in_scope(
    login, apply, world, settings, tmp_path, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    case, _ = apply()
    pdf = SimpleUploadedFile("劳动合同.pdf", b"%PDF-1.4 contract", content_type="application/pdf")
    with django_capture_on_commit_callbacks(execute=True):  # the file is written once the upload commits
        evidence = services.attach_evidence(
            case, by=world.users["zj_centre"], upload=pdf, version=version_of(case)
        )
    page = login("zj_centre").get(f"/disputes/{case.pk}/").content.decode()
    assert "劳动合同.pdf" in page
    download = login("zj_centre").get(f"/disputes/{case.pk}/evidence/{evidence.pk}/")
    assert download.status_code == 200 and download.content == b"%PDF-1.4 contract"
    assert login("pt_caoyang").get(f"/disputes/{case.pk}/evidence/{evidence.pk}/").status_code == 404
