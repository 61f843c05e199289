"""The password policy: Django's validators plus three kinds of character of four, none of the last five
passwords again, and a change forced after RENSHE_PASSWORD_MAX_AGE_DAYS (the API, by token, unaffected)."""

from datetime import timedelta

import pytest
from django.contrib.auth.password_validation import password_validators_help_texts, validate_password
from django.core.exceptions import ValidationError
from django.utils import timezone

import renshe.settings as production_settings
from renshe.audit.models import AccessKind, AccessRecord, PasswordRecord
from renshe.audit.passwords import ComplexityValidator, PasswordHistoryValidator, character_classes
from renshe.core.demo import DEMO_PASSWORD
from renshe.core.models import User

# due dates, windows and ages are counted from today: bin/test runs this module at several dates
pytestmark = pytest.mark.clock


def messages_for(password: str, user=None) -> list[str]:
    try:
        validate_password(password, user)
    except ValidationError as error:
        return error.messages
    return []


def test_the_policy_is_configured():
    names = [v["NAME"].rsplit(".", 1)[1] for v in production_settings.AUTH_PASSWORD_VALIDATORS]
    assert names[-2:] == ["ComplexityValidator", "PasswordHistoryValidator"]
    assert "MinimumLengthValidator" in names
    assert production_settings.RENSHE_PASSWORD_MAX_AGE_DAYS == 90


@pytest.mark.parametrize(
    ("password", "classes"),
    [("abcdefghij", 1), ("abcdefgh12", 2), ("Abcdefgh12", 3), ("Abcdefg-12", 4), ("劳动争议abc123", 3)],
)
def test_character_classes(password, classes):
    assert character_classes(password) == classes


def test_complexity_needs_three_kinds_of_character():
    validator = ComplexityValidator(min_classes=3)
    with pytest.raises(ValidationError) as refused:
        validator.validate("onlylowercase42")
    assert refused.value.messages == ["密码须包含大写字母、小写字母、数字、特殊字符中的至少3类。"]
    assert refused.value.error_list[0].code == "password_too_simple"
    validator.validate("Lower-and-UPPER")
    validator.validate("digits-and-lower-2026")


def test_the_demo_password_satisfies_the_policy():
    assert messages_for(DEMO_PASSWORD) == []


def test_every_rule_speaks_chinese(db):
    assert messages_for("short") == [
        "密码长度太短，至少需要10个字符。",
        "密码须包含大写字母、小写字母、数字、特殊字符中的至少3类。",
    ]
    texts = password_validators_help_texts()
    assert "密码须包含大写字母、小写字母、数字、特殊字符中的至少3类。" in texts
    assert "不能与最近5次使用过的密码相同。" in texts


def test_the_last_five_passwords_may_not_come_back(world):
    user = User.objects.get(username="pt_admin")
    passwords = [f"Renshe-{n}-Secret" for n in range(6)]
    for password in passwords:
        user.set_password(password)
        user.save()
    assert PasswordRecord.objects.filter(user=user).count() == 5  # only the last five are kept
    validator = PasswordHistoryValidator(remembered=5)
    for password in passwords[1:]:
        with pytest.raises(ValidationError) as refused:
            validator.validate(password, user)
        assert refused.value.messages == ["不能与最近5次使用过的密码相同。"]
    validator.validate(passwords[0], user)  # six changes ago: allowed again
    validator.validate("Brand-new-2027", user)
    validator.validate(passwords[5], None)  # no account yet (a new user): nothing to compare


def test_an_account_without_history_may_not_reuse_its_current_password(world):
    user = User.objects.get(username="pt_admin")
    PasswordRecord.objects.filter(user=user).delete()
    assert messages_for(DEMO_PASSWORD, user) == ["不能与最近5次使用过的密码相同。"]


def change(client, old: str, new: str, again: str | None = None):
    return client.post(
        "/password/", {"old_password": old, "new_password1": new, "new_password2": again or new}
    )


def test_changing_the_password_through_the_page(sign_in):
    client, _response = sign_in("pt_caoyang")
    page = client.get("/password/").content.decode()
    assert "修改密码" in page and "至少3类" in page and "密码每 90 天须更换一次" in page
    refused = change(client, DEMO_PASSWORD, DEMO_PASSWORD).content.decode()
    assert "不能与最近5次使用过的密码相同" in refused
    assert "至少3类" in change(client, DEMO_PASSWORD, "alllowercaseletters").content.decode()
    response = change(client, DEMO_PASSWORD, "Caoyang-street-2027")
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/").status_code == 200  # still signed in
    record = AccessRecord.objects.get(kind=AccessKind.PASSWORD_CHANGED)
    assert record.username == "pt_caoyang" and record.path == "/password/"
    assert User.objects.get(username="pt_caoyang").check_password("Caoyang-street-2027")


def age_password(username: str, days: int) -> None:
    """Set the password `days` ago (demo accounts have no history yet: their creation dates it)."""
    old = timezone.now() - timedelta(days=days)
    PasswordRecord.objects.filter(user__username=username).update(changed_at=old)
    User.objects.filter(username=username).update(date_joined=old)


def test_an_expired_password_must_be_changed_first(sign_in, api, settings):
    age_password("pt_admin", 91)
    client, response = sign_in("pt_admin")
    assert response.status_code == 302
    for url in ("/", "/disputes/", "/audit/"):
        refused = client.get(url)
        assert refused.status_code == 302 and refused["Location"] == "/password/"
    page = client.get("/password/", follow=True).content.decode()
    assert "您的密码已过期" in page
    # HTMX requests are redirected the HTMX way
    assert client.get("/", HTTP_HX_REQUEST="true")["HX-Redirect"] == "/password/"
    # the API authenticates by token, not password: unaffected
    assert api("pt_admin").get("/api/v1/me").status_code == 200
    # signing out still works
    assert client.post("/logout/").status_code == 302
    # after the change, everything is open again
    client, _response = sign_in("pt_admin")
    assert change(client, DEMO_PASSWORD, "Putuo-admin-2027").status_code == 302
    assert client.get("/").status_code == 200


def test_the_api_with_a_session_refuses_an_expired_password_as_the_pages_do(sign_in, api):
    age_password("pt_admin", 91)
    client, _response = sign_in("pt_admin", HTTP_ACCEPT_LANGUAGE="zh-hans")
    for url in ("/api/v1/me", "/api/v1/disputes"):
        refused = client.get(url)
        assert refused.status_code == 403 and refused["Content-Type"].startswith("application/json")
        assert "密码已过期" in refused.json()["detail"] and "/password/" in refused.json()["detail"]
    # a bearer token that is not valid does not fall through to the session
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION="Bearer not-a-token").status_code == 403
    english, _response = sign_in("pt_admin", HTTP_ACCEPT_LANGUAGE="en")
    assert "password has expired" in english.get("/api/v1/me").json()["detail"]
    # a token is not a password: the same user's token still works
    assert api("pt_admin").get("/api/v1/me").status_code == 200
    # once changed, the session reaches the API again
    assert change(client, DEMO_PASSWORD, "Putuo-admin-2027").status_code == 302
    assert client.get("/api/v1/me").json()["username"] == "pt_admin"


def test_a_password_within_its_age_is_left_alone(sign_in):
    age_password("pt_admin", 89)
    client, _response = sign_in("pt_admin")
    assert client.get("/").status_code == 200


def test_expiry_can_be_turned_off(sign_in, settings):
    settings.RENSHE_PASSWORD_MAX_AGE_DAYS = 0
    age_password("pt_admin", 1000)
    client, _response = sign_in("pt_admin")
    assert client.get("/").status_code == 200


def test_accounts_without_history_count_from_their_creation(sign_in, world):
    user = User.objects.get(username="pt_leader")
    PasswordRecord.objects.filter(user=user).delete()
    User.objects.filter(pk=user.pk).update(date_joined=timezone.now() - timedelta(days=100))
    client, _response = sign_in("pt_leader")
    assert client.get("/")["Location"] == "/password/"
