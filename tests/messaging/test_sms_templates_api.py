"""短信模板 over the API (/api/v1/messages/templates/…): the administrators' service and checks of the page
(messaging.services.update_sms_template, templates.checked), the stale edit refused; outcomes in the database."""

import pytest

from renshe.core.models import Event
from renshe.messaging import templates
from renshe.messaging.models import SmsTemplate

M = "/api/v1/messages/templates"
NEW_TEXT = "【{organisation}】案件{number}已受理：{summary}。"


def _template(verb="dispute.accepted"):
    return SmsTemplate.objects.get(verb=verb)


def test_an_administrator_lists_and_reads_the_templates(api, world):
    client = api("pt_admin")
    listed = client.get(M).json()
    assert listed["count"] == len(templates.INITIAL)
    assert {(t["verb"], t["name"], t["text"]) for t in listed["items"]} == set(templates.INITIAL)
    template = _template()
    detail = client.get(f"{M}/{template.pk}").json()
    assert (detail["text"], detail["version"], detail["active"]) == (template.text, 1, True)
    required = {p["name"] for p in detail["placeholders"] if p["required"]}
    assert required == set(templates.REQUIRED) and len(detail["placeholders"]) == len(templates.PLACEHOLDERS)
    assert client.get(f"{M}/999999").status_code == 404


def test_an_update_saves_the_text_and_a_stale_one_is_409(api, world):
    template = _template()
    client = api("pt_admin")
    body = {"text": f"  {NEW_TEXT} ", "active": True, "version": 1}
    saved = client.put(f"{M}/{template.pk}", body, "application/json")
    assert saved.status_code == 200, saved.content
    assert (saved.json()["text"], saved.json()["version"]) == (NEW_TEXT, 2)
    assert saved.json()["updated_by"] == world.users["pt_admin"].full_name
    template.refresh_from_db()
    assert (template.text, template.version, template.updated_by) == (NEW_TEXT, 2, world.users["pt_admin"])
    event = Event.objects.get(verb="sms_template.updated", subject_id=str(template.pk))
    assert event.changes["text"][1] == NEW_TEXT and event.actor == world.users["pt_admin"]

    # another administrator who read version 1 does not overwrite it
    stale = api("pd_admin", "en").put(
        f"{M}/{template.pk}", {"text": NEW_TEXT, "active": False, "version": 1}, "application/json"
    )
    assert stale.status_code == 409 and stale.json()["detail"]
    template.refresh_from_db()
    assert (template.active, template.version) == (True, 2)
    assert Event.objects.filter(verb="sms_template.updated").count() == 1


def test_a_text_without_a_required_placeholder_is_a_422_on_text(api, world):
    template = _template()
    client = api("pt_admin", "en")
    for text, start in [
        ("【{organisation}】您的申请已受理。", "The template lacks a required placeholder"),
        ("{number}{summary}{nosuch}", None),
        ("{number}{summary}{", None),
        ("   ", None),
    ]:
        response = client.put(f"{M}/{template.pk}", {"text": text, "version": 1}, "application/json")
        answer = response.json()
        assert response.status_code == 422 and answer["field"] == "text", (text, answer)
        assert start is None or answer["detail"].startswith(start), answer
    too_long = client.put(f"{M}/{template.pk}", {"text": "字" * 301, "version": 1}, "application/json")
    assert too_long.status_code == 422 and too_long.json()["errors"][0]["field"] == "text"
    template.refresh_from_db()
    assert template.version == 1 and not Event.objects.filter(verb="sms_template.updated").exists()


@pytest.mark.parametrize(
    ("language", "message"), [("zh-hans", "您无权进行此操作"), ("en", "You are not allowed to do this")]
)
def test_a_mediator_is_refused_in_their_language_and_nothing_changes(api, world, language, message):
    template = _template()
    client = api("pt_caoyang", language)
    for response in (
        client.get(M),
        client.get(f"{M}/{template.pk}"),
        client.put(f"{M}/{template.pk}", {"text": NEW_TEXT, "version": 1}, "application/json"),
    ):
        assert response.status_code == 403 and response.json() == {"detail": message}
    template.refresh_from_db()
    assert (template.text, template.version) != (NEW_TEXT, 2) and template.version == 1
