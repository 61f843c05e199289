"""A Python client generated from the live OpenAPI document (openapi-python-client, as README's "Generating a
client" says) walks the Zhangjiang mediation story against a real server, through that client only: the
application, mediation and its failure, the arbitration that follows, to the award.

The document is what an outside developer gets; if the generator rejected or mangled a part of it, this is
where that shows."""

import importlib
import random
import re
import subprocess
import sys
import urllib.request
from datetime import date, timedelta
from types import ModuleType

import httpx
import pytest

from renshe.core.demo import DEMO_PASSWORD
from renshe.core.synthetic import citizen_id, credit_code
from tests import clock

TODAY = "2026-11-25"
PACKAGE = "renshe_client"


def _form_token(web: httpx.Client, path: str) -> str:
    page = web.get(path)
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)


@pytest.fixture
def token(live_server, world):
    """token("zj_centre") -> a personal access token, got the way a user hands one to another system: signed in
    on the web with the password and created in 个人中心. Nothing else is asked of the server."""

    def _token(username: str) -> str:
        with httpx.Client(base_url=live_server.url) as web:
            signed_in = web.post(
                "/login/",
                data={
                    "username": username,
                    "password": DEMO_PASSWORD,
                    "csrfmiddlewaretoken": _form_token(web, "/login/"),
                },
            )
            assert signed_in.status_code == 302, signed_in.text[:500]
            page = web.post(
                "/profile/",
                data={
                    "action": "issue_token",
                    "name": "generated client",
                    "days": 30,
                    "scopes": ["read", "write"],
                    "csrfmiddlewaretoken": _form_token(web, "/profile/"),
                },
            )
            return re.search(r"rs_[\w-]{40,}", page.text).group()

    return _token


@pytest.fixture
def generated(live_server, tmp_path) -> ModuleType:
    """The client package generated from the running server's document, imported."""
    document = tmp_path / "openapi.json"
    with urllib.request.urlopen(f"{live_server.url}/api/v1/openapi.json", timeout=30) as answer:
        document.write_bytes(answer.read())
    config = tmp_path / "generator.yaml"
    # no formatter run over the generated code; the PDFs taken as bytes (the generator knows no application/pdf)
    config.write_text(
        "post_hooks: []\ncontent_type_overrides:\n  application/pdf: application/octet-stream\n"
    )
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "openapi_python_client",
            "generate",
            "--path",
            str(document),
            "--output-path",
            str(tmp_path / PACKAGE),
            "--meta",
            "none",
            "--config",
            str(config),
            "--fail-on-warning",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    sys.path.insert(0, str(tmp_path))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(tmp_path))
        for name in [name for name in sys.modules if name == PACKAGE or name.startswith(f"{PACKAGE}.")]:
            del sys.modules[name]


# the generated modules of each section of the document: api.<section>.<prefix><operation>
SECTIONS = {"disputes": "renshe_disputes_api_", "core": "renshe_core_api_", "public": "renshe_portal_api_"}


class Caller:
    """One user of the generated client: `call("accept", pk=…, body=…)` runs operation
    renshe_disputes_api_accept (`section="core"`: renshe_core_api_…) and answers its parsed body, failing the
    test on any other status than `expect`. Without a key, the public API's caller (a one-stop app)."""

    def __init__(self, package: ModuleType, base_url: str, key: str | None = None) -> None:
        self.package = package
        options = {
            "base_url": base_url,
            "headers": {"Accept-Language": "en"},
            "raise_on_unexpected_status": True,
        }
        self.client = package.AuthenticatedClient(token=key, **options) if key else package.Client(**options)

    def call(self, operation: str, expect: int = 200, section: str = "disputes", **arguments):
        module = importlib.import_module(
            f"{self.package.__name__}.api.{section}.{SECTIONS[section]}{operation}"
        )
        response = module.sync_detailed(client=self.client, **arguments)
        assert response.status_code == expect, response.content.decode()
        return response.parsed


def apply_for_mediation(app: Caller, centre: Caller, models: ModuleType) -> tuple[int, int]:
    """The story's first step: the worker applies through a one-stop app (the public API, no login) and gets
    the number and query code; the centre finds the case in its list by the number. Answers its id and
    version."""
    options = app.call("options", section="public")
    zhangjiang = next(place for place in options.centres if place.name == "张江镇劳动争议调解中心")
    street = next(place for place in options.streets if place.name == "张江镇")
    application = models.PublicApplicationIn.from_dict(
        {
            "centre": zhangjiang.id,
            "name": "王小明",
            "id_number": citizen_id(random.Random(5)),
            "phone": "13800138000",
            "employer_name": "上海张江某软件有限公司",
            "credit_code": credit_code(9301, area="310115"),
            "street": street.id,
            "claims": [
                {"claim_type": "unpaid_wages", "amount": "18000.00"},
                {"claim_type": "overtime", "amount": "3200.50"},
            ],
            "facts": "公司拖欠2026年9月至10月工资，多次催讨未果。",
            "consent": True,
        }
    )
    receipt = app.call("apply", 201, section="public", body=application)
    assert receipt.number.startswith("张江调〔") and receipt.code
    found = centre.call("dispute_list", q=receipt.number).items
    assert [row.number for row in found] == [receipt.number]
    case = centre.call("dispute_detail", pk=found[0].id)
    assert case.status == models.DisputeStatus.APPLIED
    return case.id, case.version


@pytest.mark.today(TODAY)
def test_the_zhangjiang_story_through_the_generated_client(
    generated, live_server, transactional_db, world, token
):
    models = importlib.import_module(f"{PACKAGE}.models")
    centre, arbitrator = (
        Caller(generated, live_server.url, token(user)) for user in ("zj_centre", "zj_arbitrator")
    )
    # who each is, and the arbitrator's commission, as their own systems know it
    mediator, tribunal = centre.call("me", section="core"), arbitrator.call("me", section="core")
    today = date.fromisoformat(TODAY)
    now = clock.moment(today)

    pk, version = apply_for_mediation(Caller(generated, live_server.url), centre, models)

    case = centre.call("accept", pk=pk, body=models.VersionIn(version=version))
    assert case.status == models.DisputeStatus.ACCEPTED
    case = centre.call("take_up", pk=pk, body=models.TakeUpIn(mediators=[mediator.id], version=case.version))
    assert case.status == models.DisputeStatus.MEDIATING
    case = centre.call(
        "record_session",
        pk=pk,
        body=models.SessionIn(
            held_at=now - timedelta(hours=1),
            place="张江调解中心",
            attendees="双方当事人",
            minutes="公司同意分期支付，但对金额有异议。",
            version=case.version,
        ),
    )
    assert len(case.sessions) == 1
    case = centre.call("fail", pk=pk, body=models.ReasonIn(reason="双方对金额分歧过大", version=case.version))
    assert case.status == models.DisputeStatus.FAILED

    case = centre.call(
        "to_arbitration",
        pk=pk,
        body=models.ArbitrationIn(
            commission=tribunal.organisation_id, applied_on=today, version=case.version
        ),
    )
    assert case.status == models.DisputeStatus.ARBITRATION
    case = arbitrator.call(
        "accept_arbitration",
        pk=pk,
        body=models.AcceptArbitrationIn(accepted_on=today, version=case.version),
    )
    assert case.arbitration.accepted_on == today
    case = arbitrator.call(
        "compose_tribunal",
        pk=pk,
        body=models.TribunalIn.from_dict(
            {"tribunal": "sole", "arbitrators": [tribunal.id], "version": case.version}
        ),
    )
    case = arbitrator.call(
        "schedule_hearing",
        pk=pk,
        body=models.HearingIn(
            scheduled_at=now + timedelta(days=6),
            place="科创仲裁庭第一庭",
            notified_on=today,
            version=case.version,
        ),
    )
    assert [hearing.place for hearing in case.arbitration.hearings] == ["科创仲裁庭第一庭"]
    award = {
        "awarded_on": TODAY,
        "summary": "被申请人支付申请人工资及加班费。",
        "items": [
            {"claim_type": "unpaid_wages", "amount": "18000"},
            {"claim_type": "overtime", "amount": "3200.50"},
        ],
    }
    stale = arbitrator.call(
        "award", 409, pk=pk, body=models.AwardIn.from_dict({**award, "version": case.version - 1})
    )
    assert isinstance(stale, models.ErrorOut) and "refresh" in stale.detail  # an error answer is typed too
    case = arbitrator.call("award", pk=pk, body=models.AwardIn.from_dict({**award, "version": case.version}))
    assert case.status == models.DisputeStatus.AWARDED
    assert [(item.amount, item.final) for item in case.arbitration.award_items] == [
        ("18000.00", True),
        ("3200.50", True),
    ]
