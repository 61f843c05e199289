"""A Python client generated from the live OpenAPI document (openapi-python-client, as README's "Generating a
client" says) walks the Zhangjiang mediation story against a real server, through that client only: the
application, mediation and its failure, the arbitration that follows, to the award.

The document is what an outside developer gets; if the generator rejected or mangled a part of it, this is
where that shows."""

import importlib
import random
import subprocess
import sys
import urllib.request
from datetime import date, timedelta
from types import ModuleType

import pytest

from renshe.core.models import ApiToken, User
from renshe.core.synthetic import citizen_id
from tests import clock

TODAY = "2026-11-25"
PACKAGE = "renshe_client"


@pytest.fixture
def token(world):
    """token("zj_centre") -> a bearer token for that demo user (how an outside system gets one is the tokens'
    own business: this is the one place that knows)."""

    def _token(username: str) -> str:
        return ApiToken.issue(User.objects.get(username=username), "generated client")[1]

    return _token


@pytest.fixture
def generated(live_server, tmp_path) -> ModuleType:
    """The client package generated from the running server's document, imported."""
    document = tmp_path / "openapi.json"
    with urllib.request.urlopen(f"{live_server.url}/api/v1/openapi.json", timeout=30) as answer:
        document.write_bytes(answer.read())
    config = tmp_path / "generator.yaml"
    config.write_text("post_hooks: []\n")  # no formatter run over the generated code
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


class Caller:
    """One user of the generated client: `call("accept", pk=…, body=…)` runs operation
    renshe_disputes_api_accept and answers its parsed body, failing the test on any other status than
    `expect`."""

    def __init__(self, package: ModuleType, base_url: str, key: str) -> None:
        self.package = package
        self.client = package.AuthenticatedClient(
            base_url=base_url, token=key, headers={"Accept-Language": "en"}, raise_on_unexpected_status=True
        )

    def call(self, operation: str, expect: int = 200, **arguments):
        module = importlib.import_module(
            f"{self.package.__name__}.api.disputes.renshe_disputes_api_{operation}"
        )
        response = module.sync_detailed(client=self.client, **arguments)
        assert response.status_code == expect, response.content.decode()
        return response.parsed


def apply_for_mediation(centre: Caller, models: ModuleType, world) -> tuple[int, int]:
    """The story's first step, the application: for now the centre's staff register it over the staff API
    (intake at the counter). Answers the case's id and version."""
    firm = world.orgs["street:310115125"].enterprises.first()
    application = models.ApplicationIn.from_dict(
        {
            "applicants": [
                {"id_number": citizen_id(random.Random(5)), "name": "王小明", "phone": "13800138000"}
            ],
            "respondent": {"enterprise_id": firm.pk},
            "claims": [
                {"claim_type": "unpaid_wages", "amount": "18000.00"},
                {"claim_type": "overtime", "amount": "3200.50"},
            ],
            "facts": "公司拖欠2026年9月至10月工资，多次催讨未果。",
            "case_type": "remuneration",
        }
    )
    applied = centre.call("apply", 201, body=application)
    assert applied.status == models.DisputeStatus.APPLIED and applied.number.startswith("张江调〔")
    return applied.id, applied.version


@pytest.mark.today(TODAY)
def test_the_zhangjiang_story_through_the_generated_client(
    generated, live_server, transactional_db, world, token
):
    models = importlib.import_module(f"{PACKAGE}.models")
    centre, arbitrator = (
        Caller(generated, live_server.url, token(user)) for user in ("zj_centre", "zj_arbitrator")
    )
    today = date.fromisoformat(TODAY)
    now = clock.moment(today)

    pk, version = apply_for_mediation(centre, models, world)

    case = centre.call("accept", pk=pk, body=models.VersionIn(version=version))
    assert case.status == models.DisputeStatus.ACCEPTED
    case = centre.call(
        "take_up", pk=pk, body=models.TakeUpIn(mediators=[world.users["zj_centre"].pk], version=case.version)
    )
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
            commission=world.orgs["zj_tribunal"].pk, applied_on=today, version=case.version
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
            {"tribunal": "sole", "arbitrators": [world.users["zj_arbitrator"].pk], "version": case.version}
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
