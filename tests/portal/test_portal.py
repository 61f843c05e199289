"""The public portal over HTTP: a worker without an account applies for mediation, is given a case number
and a query code once, and follows the case; bad input, probing and floods are refused."""

import re
from collections import defaultdict
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from renshe.core import files as kept_files
from renshe.core.casework import version_of
from renshe.core.models import Enterprise, Event, Person, WorkItem
from renshe.core.subjects import subject_of
from renshe.core.synthetic import credit_code
from renshe.disputes import services
from renshe.disputes.generator import Generator
from renshe.disputes.models import ArbitrationCase, DisputeCase
from renshe.disputes.workflow import Status
from renshe.portal import progress, throttle

from .conftest import ZHANGJIANG, receipt_of


@pytest.fixture
def worker():
    return Client(HTTP_ACCEPT_LANGUAGE="zh-hans")


def test_home_explains_the_service_and_links_to_apply_and_track(world, worker):
    page = worker.get("/portal/").content.decode()
    assert '<html lang="zh-CN">' in page
    # the demo has mediation centres in two districts (Pudong, Fengxian), so the portal speaks for the city
    assert "上海市人力资源和社会保障局" in page
    assert 'href="/portal/apply/"' in page and 'href="/portal/track/"' in page
    assert "sidebar" not in page and "topbar" not in page  # the public layout, not the staff one
    assert "renshe/css/portal.css" in page
    assert 'name="language" value="en"' in page  # the language switch


def test_a_worker_applies_sees_number_and_code_once_and_tracks_the_case(world, worker, application):
    data = application()
    response = worker.post("/portal/apply/", data)
    assert response.status_code == 302 and response["Location"] == "/portal/apply/done/"

    case = DisputeCase.objects.get()
    assert case.channel == "portal" and case.created_by is None and case.status == "applied"
    assert case.organisation == world.orgs["zj_centre"] and case.case_type == "remuneration"
    assert case.claimed_total == Decimal("21200.50")
    person = Person.objects.with_id_number(data["id_number"]).get()
    assert person.name == "王小明" and person.phone == "13812345678"
    assert list(case.applicants.values_list("person", flat=True)) == [person.pk]
    assert Event.objects.filter(verb="dispute.applied", actor__isnull=True).exists()

    done = worker.get("/portal/apply/done/")
    assert done["Cache-Control"].startswith("max-age=0") and "no-store" in done["Cache-Control"]
    number, code = receipt_of(done.content.decode())
    assert number == case.number and services.find_by_query_code(number, code) == case
    assert 'name="language"' not in done.content.decode()  # switching language would reload it: gone
    again = worker.get("/portal/apply/done/").content.decode()  # shown once
    assert code not in again and 'data-testid="receipt-gone"' in again

    page = worker.post("/portal/track/", {"number": number, "code": code}).content.decode()
    assert 'data-testid="progress"' in page and "已收到申请，等待调解中心审查" in page
    assert case.respondent.name in page and "张江镇劳动争议调解中心" in page
    # nothing personal beyond the case's number, status and the respondent
    for secret in ("王小明", data["id_number"], data["id_number"][-4:] + "<", "13812345678", "18000", "拖欠"):
        assert secret not in page


def test_the_receipt_button_tracks_without_retyping(world, worker, application):
    worker.post("/portal/apply/", application())
    page = worker.get("/portal/apply/done/").content.decode()
    number, code = receipt_of(page)
    assert f'type="hidden" name="code" value="{code}"' in page
    tracked = worker.post("/portal/track/", {"number": number, "code": code}).content.decode()
    assert 'data-testid="status"' in tracked


def test_an_unregistered_employer_is_named_by_credit_code_and_a_completion_task_opened(
    world, worker, application
):
    code = credit_code(987654, "310115")
    worker.post("/portal/apply/", application(credit_code=code, employer_name="上海新芯微电子有限公司"))
    firm = Enterprise.objects.get(credit_code=code)
    assert firm.name == "上海新芯微电子有限公司" and firm.street == world.orgs[ZHANGJIANG]
    assert DisputeCase.objects.get().respondent == firm
    task = WorkItem.objects.get(**subject_of(firm), kind="enterprise.complete")
    assert task.status == "open" and task.organisation == world.orgs[ZHANGJIANG]


def test_a_registered_credit_code_uses_the_registered_enterprise(world, worker, application):
    before = Enterprise.objects.count()
    firm = world.orgs[ZHANGJIANG].enterprises.order_by("pk").first()
    worker.post("/portal/apply/", application(employer_name="随便写的名字"))
    assert Enterprise.objects.count() == before
    assert DisputeCase.objects.get().respondent == firm


def test_a_claim_gets_the_case_type_the_generator_gives_it_double_wages_too(world, application):
    """One mapping from claim to case type (core.reference.dictionaries): an application through the portal
    is filed where the bulk generator files a case with the same claim; double wages are pay, 劳动报酬."""
    Generator(centre=world.orgs["zj_centre"], count=300, years=1, seed=11, batch=100, workers=0).run(
        progress=False
    )
    generated = defaultdict(set)  # claim type -> case types of the generated cases with only that claim
    for case in DisputeCase.objects.prefetch_related("claims"):
        claims = list(case.claims.all())
        if len(claims) == 1:
            generated[claims[0].claim_type].add(case.case_type)
    assert generated["double_wages"] == {"remuneration"}
    for i, (claim_type, case_types) in enumerate(sorted(generated.items())):
        last = DisputeCase.objects.order_by("-pk").values_list("pk", flat=True).first()
        data = application(
            **{"claims-0-claim_type": claim_type, "claims-1-claim_type": "", "claims-1-amount": ""}
        )
        response = Client(REMOTE_ADDR=f"192.0.2.{i + 1}").post(
            "/portal/apply/", data
        )  # each its own throttle
        assert response.status_code == 302, claim_type
        assert {DisputeCase.objects.get(pk__gt=last).case_type} == case_types, claim_type


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"id_number": "310101199001011230"}, "id_number", "身份证号码校验位不正确"),
        ({"id_number": "31010119900101"}, "id_number", "身份证号码应为18位"),
        ({"credit_code": "91310115MA1K3YJ12X"}, "credit_code", "统一社会信用代码"),
        ({"claims-0-amount": "-500"}, "claims-0-amount", "金额必须大于零"),
        ({"claims-1-amount": "20000000"}, "claims-1-amount", "金额超过一千万元"),
        ({"claims-0-amount": "12.345"}, "claims-0-amount", "两位小数"),
        (
            {
                "claims-0-claim_type": "",
                "claims-0-amount": "",
                "claims-1-claim_type": "",
                "claims-1-amount": "",
            },
            "claims-0-claim_type",
            "请选择请求事项",
        ),
        ({"claims-1-amount": ""}, "claims-1-amount", "请填写金额"),
        ({"claims-1-claim_type": "unpaid_wages"}, "claims", "同一类型的请求请合并"),
        ({"consent": ""}, "consent", "请阅读并勾选同意个人信息处理说明"),
        ({"phone": "021-12345678"}, "phone", "请填写11位手机号码"),
        ({"facts": "没发工资"}, "facts", "至少10个字"),
        ({"street": ""}, "street", "这个字段是必填项"),
    ],
)
def test_bad_input_is_shown_on_its_field_with_everything_kept_and_nothing_written(
    world, worker, application, overrides, field, message
):
    people, firms, events = Person.objects.count(), Enterprise.objects.count(), Event.objects.count()
    data = application(**overrides)
    response = worker.post("/portal/apply/", data)
    assert response.status_code == 200
    page = response.content.decode()
    errors = re.findall(
        rf'<small class="p-error" data-field="{field}">([^<]+)<|'
        rf'<p class="p-error" data-field="{field}">([^<]+)<',
        page,
    )
    assert any(message in "".join(e) for e in errors), (field, errors)
    assert 'data-testid="form-errors"' in page
    assert DisputeCase.objects.count() == 0
    assert Person.objects.count() == people and Enterprise.objects.count() == firms
    assert Event.objects.count() == events
    for key in (
        "name",
        "id_number",
        "phone",
        "credit_code",
        "employer_name",
        "claims-0-amount",
        "claims-1-amount",
    ):
        if data[key]:
            assert f'value="{data[key]}"' in page, key
    assert f">\n{data['facts']}</textarea>" in page
    assert re.search(rf'<option value="{data["centre"]}" selected>', page)
    if data["consent"]:
        assert re.search(r'name="consent"[^>]*checked', page)


def test_tracking_with_a_wrong_code_or_number_gets_the_same_generic_answer(world, worker, application):
    worker.post("/portal/apply/", application())
    number, code = receipt_of(worker.get("/portal/apply/done/").content.decode())
    wrong = f"{(int(code) + 1) % 10**8:08d}"

    def answer(number, code):
        response = worker.post("/portal/track/", {"number": number, "code": code})
        assert response.status_code == 200
        page = response.content.decode()
        assert 'data-testid="progress"' not in page
        return re.search(r'data-testid="not-found">(.*?)</div>', page, re.S).group(1)

    unknown = number.replace("0001", "0002")
    assert answer(number, wrong) == answer(unknown, code) == answer(unknown, wrong)
    assert "没有查到相符的案件" in answer(number, wrong)


def test_tracking_forgives_ascii_brackets_and_a_missing_hao(world, worker, application):
    worker.post("/portal/apply/", application())
    number, code = receipt_of(worker.get("/portal/apply/done/").content.decode())
    typed = number.replace("〔", "(").replace("〕", ")").removesuffix("号")
    page = worker.post("/portal/track/", {"number": typed, "code": f" {code} "}).content.decode()
    assert 'data-testid="progress"' in page


def test_tracking_shows_the_mediation_due_date_once_accepted(world, worker, application):
    worker.post("/portal/apply/", application())
    number, code = receipt_of(worker.get("/portal/apply/done/").content.decode())
    case = services.accept_dispute(
        DisputeCase.objects.get(), by=world.users["zj_centre"], version=version_of(DisputeCase.objects.get())
    )
    page = worker.post("/portal/track/", {"number": number, "code": code}).content.decode()
    assert "已受理，正在安排调解员" in page
    assert f'data-testid="mediation-due">{case.mediation_due_on:%Y-%m-%d}<' in page
    assert page.count("p-step-done") == 2 and 'aria-current="step"' in page


@pytest.mark.parametrize("status", Status.values)
def test_every_state_reads_in_plain_words_with_its_place_on_the_progress_line(
    world, worker, application, status
):
    worker.post("/portal/apply/", application())
    number, code = receipt_of(worker.get("/portal/apply/done/").content.decode())
    DisputeCase.objects.update(status=status)  # only the page is under test here, not the transitions
    if status == Status.AWARDED:  # the page states the suit period in force on the award's day
        today = timezone.localdate()
        ArbitrationCase.objects.create(
            case=DisputeCase.objects.get(),
            commission=world.orgs["zj_tribunal"],
            number="沪浦劳人仲（2026）办字第1号",
            applied_on=today,
            acceptance_due_on=today,
            awarded_on=today,
        )
    page = worker.post("/portal/track/", {"number": number, "code": code}).content.decode()
    headline = re.search(r'data-testid="status">([^<]+)<', page).group(1)
    assert headline == str(progress._HEADLINES[status])
    next_step = re.search(r'data-testid="next-step">([^<]+)<', page).group(1)
    assert len(next_step) > 10 and "%(" not in next_step
    assert page.count('class="p-step ') == 4
    assert ('aria-current="step"' in page) == (status in progress.MEDIATION_STATES | {Status.APPLIED})


def test_applications_beyond_the_hourly_limit_answer_429(world, worker, application, monkeypatch):
    monkeypatch.setitem(throttle.LIMITS, "apply", 2)
    for _ in range(2):
        assert worker.post("/portal/apply/", application()).status_code == 302
    refused = worker.post("/portal/apply/", application())
    assert refused.status_code == 429 and refused["Retry-After"] == str(throttle.WINDOW_SECONDS)
    assert 'data-testid="throttled"' in refused.content.decode()
    assert worker.get("/portal/apply/").status_code == 429
    assert DisputeCase.objects.count() == 2
    # another address is not affected; invalid submissions are not counted as applications
    other = Client(REMOTE_ADDR="10.1.2.3")
    assert other.post("/portal/apply/", application(consent="")).status_code == 200
    assert other.post("/portal/apply/", application()).status_code == 302


def test_track_attempts_beyond_the_hourly_limit_answer_429(world, worker, monkeypatch):
    monkeypatch.setitem(throttle.LIMITS, "track", 3)
    guess = {"number": "张江调〔2026〕0001号", "code": "123456"}
    for _ in range(3):
        assert worker.post("/portal/track/", guess).status_code == 200
    refused = worker.post("/portal/track/", guess)
    assert refused.status_code == 429 and 'data-testid="throttled"' in refused.content.decode()


def test_the_portal_in_english(world, application):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    page = client.get("/portal/apply/").content.decode()
    assert '<html lang="en">' in page
    assert ">Unpaid wages</option>" in page  # claim types from the code list, in English
    answer = client.post("/portal/apply/", application(name="")).content.decode()
    assert '<html lang="en">' in answer and "This field is required." in answer


def test_forms_carry_a_csrf_token_and_posts_without_it_are_refused(world, application):
    client = Client(enforce_csrf_checks=True)
    for url in ("/portal/apply/", "/portal/track/"):
        assert 'name="csrfmiddlewaretoken"' in client.get(url).content.decode()
    assert client.post("/portal/apply/", application()).status_code == 403
    assert DisputeCase.objects.count() == 0


# --- evidence files ---------------------------------------------------------------------------------

PDF = b"%PDF-1.4 pay slip"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF photo"
EXE = b"MZ\x90\x00\x03\x00\x00\x00 a program"


@pytest.fixture
def media(settings, tmp_path):
    """Uploads go to a folder of the test's own; returns it to look at what was written."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def stored(folder) -> list[str]:
    return sorted(p.name for p in folder.rglob("*") if p.is_file())


def field_errors(page: str, field: str) -> str:
    return "".join(re.findall(rf'<small class="p-error" data-field="{field}">([^<]+)<', page))


def test_the_form_takes_several_files_and_says_they_must_be_chosen_again_after_an_error(world, worker):
    page = worker.get("/portal/apply/").content.decode()
    assert 'enctype="multipart/form-data"' in page
    assert re.search(r'<input type="file" name="evidence" [^>]*multiple', page)
    assert 'accept="application/pdf,image/png,image/jpeg' in page
    assert "如有错误需重新选择文件" in page


def test_evidence_files_are_stored_with_the_case_and_counted_on_receipt_and_tracking(
    world, worker, application, media, django_capture_on_commit_callbacks
):
    files = [upload("工资条.pdf", PDF), upload("王小明的聊天记录.jpg", JPEG)]
    with django_capture_on_commit_callbacks(execute=True):
        response = worker.post("/portal/apply/", application(evidence=files))
        assert stored(media) == []  # the files go to storage once the application has committed
    assert response.status_code == 302

    case = DisputeCase.objects.get()
    evidence = list(case.evidence.order_by("name"))
    assert [(e.name, e.content_type, e.size) for e in evidence] == [
        ("工资条.pdf", "application/pdf", len(PDF)),
        ("王小明的聊天记录.jpg", "image/jpeg", len(JPEG)),
    ]
    assert all(e.uploaded_by is None for e in evidence)
    assert kept_files.content(evidence[0]) == PDF and evidence[0].file.read() != PDF  # encrypted at rest
    assert len(stored(media)) == 2
    events = Event.objects.filter(**subject_of(case), verb="dispute.evidence", actor__isnull=True)
    assert sorted(e.changes["type"] for e in events) == ["application/pdf", "image/jpeg"]

    done = worker.get("/portal/apply/done/").content.decode()
    assert re.search(r'data-testid="files-received">已收到证据材料2个文件', done)
    number, code = receipt_of(done)
    page = worker.post("/portal/track/", {"number": number, "code": code}).content.decode()
    assert 'data-testid="evidence-count">2个文件<' in page
    for secret in ("工资条", "聊天记录", "王小明"):  # only the count: a file's name can be personal
        assert secret not in page


def test_an_application_without_files_says_none_were_received(world, worker, application):
    worker.post("/portal/apply/", application())
    done = worker.get("/portal/apply/done/").content.decode()
    assert "没有上传证据材料" in done
    number, code = receipt_of(done)
    page = worker.post("/portal/track/", {"number": number, "code": code}).content.decode()
    assert 'data-testid="evidence-count">0个文件<' in page


@pytest.mark.parametrize(
    ("files", "message"),
    [
        (
            [upload("工资条.pdf", PDF), upload("劳动合同.pdf", EXE)],
            "“劳动合同.pdf”：只接受PDF、PNG或JPEG文件",
        ),
        ([upload("照片.jpg", JPEG + b"\0" * services.EVIDENCE_MAX_BYTES)], "“照片.jpg”：文件不能超过10MB"),
        ([upload(f"第{n}页.pdf", PDF) for n in range(11)], "最多上传10个文件，您选择了11个"),
        ([upload("空白.pdf", b"")], "空文件"),
    ],
    ids=["disguised", "too-large", "too-many", "empty"],
)
def test_a_refused_file_refuses_the_whole_application_keeping_the_other_input(
    world, worker, application, media, files, message
):
    people, events = Person.objects.count(), Event.objects.count()
    data = application()
    response = worker.post("/portal/apply/", {**data, "evidence": files})
    assert response.status_code == 200
    page = response.content.decode()
    assert message in field_errors(page, "evidence"), field_errors(page, "evidence")
    assert '<a href="#id_evidence">证据材料</a>' in page  # in the list of errors at the top
    assert f'data-testid="files-dropped">刚才选择的{len(files)}个文件没有保存，请重新选择' in page
    assert DisputeCase.objects.count() == 0 and Person.objects.count() == people
    assert Event.objects.count() == events
    assert stored(media) == []  # not even the good file before the refused one
    assert f'value="{data["id_number"]}"' in page and f'value="{data["credit_code"]}"' in page
    assert f">\n{data['facts']}</textarea>" in page


def test_a_file_the_service_refuses_lands_on_the_evidence_field_and_nothing_is_written(
    world, worker, application, media, monkeypatch, django_capture_on_commit_callbacks
):
    """The form checks first; should the two ever disagree, the service's refusal still shows on the field
    and the whole application is rolled back, the good file before the refused one included: its write,
    waiting for a commit that never comes, never runs."""
    monkeypatch.setattr("renshe.portal.forms.check_evidence", lambda upload: "application/pdf")
    with django_capture_on_commit_callbacks(execute=True) as effects:
        response = worker.post(
            "/portal/apply/", application(evidence=[upload("工资条.pdf", PDF), upload("程序.pdf", EXE)])
        )
    assert effects == []
    assert response.status_code == 200
    assert "按文件内容判断" in field_errors(response.content.decode(), "evidence")
    assert DisputeCase.objects.count() == 0 and stored(media) == []


def test_the_throttle_counts_applications_with_files_and_refuses_more_writing_nothing(
    world, worker, application, media, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setitem(throttle.LIMITS, "apply", 2)
    with_a_pay_slip = lambda: application(evidence=[upload("工资条.pdf", PDF)])  # noqa: E731
    refused_file = application(evidence=[upload("劳动合同.pdf", EXE)])
    with django_capture_on_commit_callbacks(execute=True):
        assert worker.post("/portal/apply/", refused_file).status_code == 200  # an error, not an application
        for _ in range(2):
            assert worker.post("/portal/apply/", with_a_pay_slip()).status_code == 302
        assert worker.post("/portal/apply/", with_a_pay_slip()).status_code == 429
    assert DisputeCase.objects.count() == 2 and len(stored(media)) == 2
