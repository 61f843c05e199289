"""个人中心: one's own name and phone, and how each kind of message reaches one."""

from renshe.core.models import MessageKind, User
from renshe.core.preferences import Channels, notification_preferences


def test_a_user_edits_their_profile_and_a_bad_phone_saves_nothing(login, world):
    client = login("pt_caoyang")
    assert (
        client.post(
            "/profile/", {"action": "profile", "full_name": "赵丽丽", "phone": "13912345678"}
        ).status_code
        == 302
    )
    user = User.objects.get(username="pt_caoyang")
    assert (user.full_name, user.phone) == ("赵丽丽", "13912345678")
    bad = client.post("/profile/", {"action": "profile", "full_name": "赵", "phone": "139-abc"})
    assert bad.status_code == 200 and "电话号码格式不正确" in bad.content.decode()
    assert User.objects.get(username="pt_caoyang").full_name == "赵丽丽"


def test_notification_settings_are_stored_and_read_by_the_public_function(login, world):
    user = world.users["pt_caoyang"]
    assert notification_preferences(user)[MessageKind.HEARING] == Channels(in_app=True, sms=False)
    client = login("pt_caoyang")
    form = {"action": "notifications", "referral__in_app": "on", "referral__sms": "on", "hearing__sms": "on"}
    assert client.post("/profile/", form).status_code == 302
    chosen = notification_preferences(user)
    assert chosen[MessageKind.REFERRAL] == Channels(in_app=True, sms=True)
    assert chosen[MessageKind.HEARING] == Channels(in_app=False, sms=True)
    assert chosen[MessageKind.DEADLINE] == Channels(in_app=False, sms=False)
    html = client.get("/profile/").content.decode()
    assert "消息设置" in html and "开庭安排" in html and "修改密码" in html
