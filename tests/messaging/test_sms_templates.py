"""短信模板 as data (messaging.models.SmsTemplate): seeded by the migration from the texts renshe sent from code,
edited by administrators in 系统管理 (the text checked against the placeholders, every edit an event), and
what the sender then sends."""

import random

import pytest

from renshe.core.models import Event, User
from renshe.core.navigation import menu_for
from renshe.core.synthetic import citizen_id
from renshe.disputes import services as disputes
from renshe.disputes.services import ApplicantInput
from renshe.messaging import templates
from renshe.messaging.models import SmsRecord, SmsTemplate

PHONE = "13812345678"


def _template(verb="dispute.accepted"):
    return SmsTemplate.objects.get(verb=verb)


def _form(template, **changes):
    return {"text": template.text, "active": "on", "version": template.version, **changes}


def test_the_migration_seeds_every_notice_with_its_former_text(db):
    assert {(t.verb, t.name, t.text) for t in SmsTemplate.objects.all()} == set(templates.INITIAL)
    assert all(t.active and t.version == 1 for t in SmsTemplate.objects.all())


@pytest.mark.parametrize(
    ("username", "shown"), [("pt_admin", True), ("pt_caoyang", False), ("zj_arbitrator", False)]
)
def test_the_templates_are_offered_in_system_management_to_administrators(login, world, username, shown):
    labels = [str(e.label) for _g, entries in menu_for(User.objects.get(username=username)) for e in entries]
    assert ("短信模板" in labels) is shown
    client = login(username)
    assert client.get("/messages/templates/").status_code == (200 if shown else 403)
    assert client.get(f"/messages/templates/{_template().pk}/").status_code == (200 if shown else 403)


def test_an_administrator_edits_a_template_and_the_next_notice_says_it(
    login, world, apply, django_capture_on_commit_callbacks
):
    template = _template()
    client = login("pt_admin")
    page = client.get(f"/messages/templates/{template.pk}/").content.decode()
    assert "{summary}" in page and "张江调〔2026〕0001号" in page  # the placeholders and an example
    text = "【{organisation}】{number}已受理，{summary}。"
    done = client.post(f"/messages/templates/{template.pk}/", _form(template, text=text), follow=True)
    assert "短信模板已保存" in done.content.decode()
    template.refresh_from_db()
    assert (template.text, template.version, template.updated_by) == (text, 2, world.users["pt_admin"])
    (event,) = Event.objects.filter(subject_id=str(template.pk), verb="sms_template.updated")
    assert (
        event.changes == {"text": [templates.INITIAL[0][2], text]}
        and event.summary == "修改短信模板：受理通知（第2版）"
    )

    case, _code = apply(applicants=[ApplicantInput(citizen_id(random.Random(71)), "甲", phone=PHONE)])
    with django_capture_on_commit_callbacks(execute=True):
        disputes.accept_dispute(case, by=world.users["zj_centre"], version=case.version)
    (record,) = SmsRecord.objects.filter(subject_id=str(case.pk))
    assert record.template == "受理通知"
    assert record.text.startswith(
        f"【{case.received_by.name}】{case.number}已受理，"
    ) and record.text.endswith("。")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("【{organisation}】{number}已受理，{summary}，{phone}", "模板中的占位符{phone}无法识别"),
        ("【{organisation}】{number.__class__}{summary}", "模板中的占位符{number.__class__}无法识别"),
        ("【{organisation}】{number:30}{summary}", "模板中的占位符{number:30}无法识别"),
        ("【{organisation}】您的申请已受理：{summary}", "模板缺少必需的占位符：{number}（案号）"),
        ("【{organisation}】{number}已受理", "模板缺少必需的占位符：{summary}"),
        ("【{organisation}】{number}已受理{summary", "模板格式有误"),
        ("{}{number}{summary}", "模板中的占位符{}无法识别"),
        ("   ", "这个字段是必填项"),
    ],
)
def test_a_text_that_does_not_fit_is_refused_naming_what_is_wrong(login, world, text, message):
    template = _template()
    page = login("pt_admin").post(f"/messages/templates/{template.pk}/", _form(template, text=text))
    assert page.status_code == 200 and message in page.content.decode()
    template.refresh_from_db()
    assert template.version == 1 and template.text == templates.INITIAL[0][2]
    assert not Event.objects.filter(subject_id=str(template.pk), verb="sms_template.updated").exists()


def test_an_edit_made_meanwhile_is_not_overwritten(login, world):
    template = _template("dispute.hearing")
    first, second = login("pt_admin"), login("pd_admin")
    stale = _form(template)
    assert (
        first.post(
            f"/messages/templates/{template.pk}/", {**stale, "text": stale["text"] + "谢谢。"}
        ).status_code
        == 302
    )
    page = second.post(f"/messages/templates/{template.pk}/", {**stale, "text": stale["text"] + "再见。"})
    assert "该记录已被他人修改" in page.content.decode()
    template.refresh_from_db()
    assert template.text.endswith("谢谢。") and template.version == 2


def test_a_disabled_template_sends_nothing(login, world, apply, django_capture_on_commit_callbacks):
    template = _template()
    form = _form(template)
    del form["active"]
    assert login("pt_admin").post(f"/messages/templates/{template.pk}/", form).status_code == 302
    assert not _template().active
    case, _code = apply(applicants=[ApplicantInput(citizen_id(random.Random(72)), "乙", phone=PHONE)])
    with django_capture_on_commit_callbacks(execute=True):
        disputes.accept_dispute(case, by=world.users["zj_centre"], version=case.version)
    assert not SmsRecord.objects.filter(subject_id=str(case.pk)).exists()


def test_a_stored_template_naming_an_unknown_field_sends_the_events_summary(
    world, apply, django_capture_on_commit_callbacks, caplog
):
    """A text written past the editor (the admin site, SQL) that does not fill is logged, and the event's
    own summary sent instead, so that the change it tells of is never refused."""
    SmsTemplate.objects.filter(verb="dispute.accepted").update(text="{number}{summary}{")
    case, _code = apply(applicants=[ApplicantInput(citizen_id(random.Random(73)), "丙", phone=PHONE)])
    with django_capture_on_commit_callbacks(execute=True):
        case = disputes.accept_dispute(case, by=world.users["zj_centre"], version=case.version)
    (record,) = SmsRecord.objects.filter(subject_id=str(case.pk))
    assert record.text.startswith("受理调解申请，调解期限至") and "does not fit" in caplog.text
