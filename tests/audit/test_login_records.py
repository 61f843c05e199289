"""Sign-ins, failures, lockouts, sign-outs and new API tokens leave access records (not axes's own logs)."""

from axes.models import AccessFailureLog, AccessLog

from renshe.audit.models import AccessKind, AccessRecord, Outcome
from renshe.core.models import ApiToken, User

BROWSER = "Mozilla/5.0 (renshe test) " + "x" * 400


def test_a_successful_sign_in_is_recorded_with_address_browser_and_organisation(sign_in, world):
    _client, response = sign_in("pt_admin", REMOTE_ADDR="10.1.2.3", HTTP_USER_AGENT=BROWSER)
    assert response.status_code == 302
    record = AccessRecord.objects.get(kind=AccessKind.LOGIN)
    user = User.objects.get(username="pt_admin")
    assert (record.user, record.username, record.outcome) == (user, "pt_admin", Outcome.SUCCEEDED)
    assert record.organisation == user.organisation and record.ip == "10.1.2.3"
    assert record.path == "/login/" and record.user_agent == BROWSER[:300]
    # axes keeps only its lockout counters now
    assert not AccessLog.objects.exists() and not AccessFailureLog.objects.exists()


def test_a_wrong_password_is_recorded_against_the_account(sign_in, world):
    _client, response = sign_in("pt_admin", "wrong-password")
    assert response.status_code == 200
    record = AccessRecord.objects.get()
    assert (record.kind, record.outcome, record.username) == (
        AccessKind.LOGIN_FAILED,
        Outcome.BAD_CREDENTIALS,
        "pt_admin",
    )
    assert record.user.username == "pt_admin" and record.detail == {"failures": 1}
    assert record.describe() == "连续失败1次"


def test_an_unknown_username_is_recorded_as_typed(sign_in, world):
    sign_in("nobody-here", "whatever")
    record = AccessRecord.objects.get()
    assert (record.kind, record.username, record.user, record.organisation) == (
        AccessKind.LOGIN_FAILED,
        "nobody-here",
        None,
        None,
    )


def test_a_lockout_and_the_refused_attempts_after_it(sign_in, world, settings):
    limit = settings.AXES_FAILURE_LIMIT
    for _ in range(limit):
        client, _response = sign_in("pt_admin", "wrong-password")
    # the right password while locked: refused by axes, recorded as such
    _client, response = sign_in("pt_admin")
    assert response.status_code == 429
    records = AccessRecord.objects.filter(username="pt_admin").order_by("id")
    failed = records.filter(kind=AccessKind.LOGIN_FAILED)
    assert [r.outcome for r in failed] == [Outcome.BAD_CREDENTIALS] * limit + [Outcome.LOCKED_OUT]
    lockout = records.get(kind=AccessKind.LOCKED_OUT)
    assert lockout.detail == {"failures": limit} and lockout.user.username == "pt_admin"
    assert not records.filter(kind=AccessKind.LOGIN).exists()


def test_sign_out_is_recorded(sign_in, world):
    client, _response = sign_in("fx_admin")
    client.post("/logout/")
    kinds = list(AccessRecord.objects.order_by("id").values_list("kind", flat=True))
    assert kinds == [AccessKind.LOGIN, AccessKind.LOGOUT]


def test_a_record_outlives_its_account(sign_in, world):
    user = User.objects.create_user("temp_clerk", password="Temp-clerk-2026", organisation=world.orgs["pt"])
    sign_in("temp_clerk", "Temp-clerk-2026")
    user.delete()
    record = AccessRecord.objects.get(kind=AccessKind.LOGIN)
    assert record.user is None and record.username == "temp_clerk" and record.organisation == world.orgs["pt"]


def test_issuing_an_api_token_is_recorded_and_using_it_only_from_a_new_address(api, world):
    client = api("pt_admin")
    for _request in range(3):
        assert client.get("/api/v1/me").status_code == 200
    issued, used = AccessRecord.objects.order_by("id")
    assert issued.kind == AccessKind.TOKEN_ISSUED and issued.detail["name"] == "test"
    assert issued.describe().startswith("令牌：test（rs_") and "read write" in issued.describe()
    assert used.kind == AccessKind.TOKEN_NEW_ADDRESS and used.ip == "127.0.0.1"
    assert ApiToken.objects.count() == 1
