"""Period kinds are data: an administrator's local rule changes a period's length and what it counts (办案规则's
"日" read as working days where a province says so), with its citation and effective date; deadlines that
start after it use it, deadlines already set keep their day."""

from datetime import date

import pytest

from renshe.core import administration, law
from renshe.core.errors import PermissionDenied
from renshe.core.models import Event, PeriodOverride
from renshe.core.workdays import compute_deadline

S = "/api/v1/system"
LOCAL = "沪劳人仲〔2026〕3号 第五条"


def _defence_in_working_days(world, day=date(2026, 12, 1)):
    return administration.add_period_override(
        by=world.users["admin"],
        period="arbitration.defence",
        length=10,
        unit="working",
        effective_from=day,
        citation=LOCAL,
    )


def test_a_local_rule_applies_to_periods_starting_on_or_after_its_day(world):
    # 调解仲裁法 第三十条: 答辩期 10日 — here read as 10 working days from 2026-12-01
    _defence_in_working_days(world)
    before = compute_deadline(law.ARBITRATION_DEFENCE, date(2026, 11, 30))  # the day before: the statute's
    assert (before.rule.unit, before.due) == ("calendar", date(2026, 12, 10))
    after = compute_deadline(law.ARBITRATION_DEFENCE, date(2026, 12, 1))  # Tue → 10 working days: Tue 12-15
    assert (after.rule.unit, after.rule.citation, after.due) == ("working", LOCAL, date(2026, 12, 15))
    event = Event.objects.get(verb="period_rule.added")
    assert "答辩期限" in event.summary and "10个工作日" in event.summary and "2026-12-01" in event.summary


def test_only_a_jurisdiction_wide_admin_sets_a_rule_and_bad_input_writes_nothing(login, world):
    with pytest.raises(PermissionDenied):
        administration.add_period_override(
            by=world.users["pt_admin"],
            period="arbitration.defence",
            length=10,
            unit="working",
            effective_from=date(2026, 12, 1),
            citation=LOCAL,
        )
    client = login("admin")
    good = {
        "period-period": "arbitration.defence",
        "period-length": "10",
        "period-unit": "working",
        "period-effective_from": "2026-12-01",
        "period-citation": LOCAL,
    }
    for bad in (
        {"period-length": "0"},
        {"period-unit": "weeks"},
        {"period-citation": ""},
        {"period-period": "x"},
    ):
        assert client.post("/system/parameters/", {**good, **bad}).status_code == 200
    assert not PeriodOverride.objects.exists()
    assert client.post("/system/parameters/", good).status_code == 302
    page = client.get("/system/parameters/").content.decode()
    assert "10个工作日" in page and LOCAL in page


def test_period_rules_are_listed_and_added_through_the_api(api, world):
    body = {
        "period": "arbitration.defence",
        "length": 10,
        "unit": "working",
        "effective_from": "2026-12-01",
        "citation": LOCAL,
    }
    refused = api("pt_admin").post(f"{S}/periods", body, "application/json")
    assert refused.status_code == 403
    added = api("admin").post(f"{S}/periods", body, "application/json")
    assert added.status_code == 201, added.content
    assert added.json()["unit"] == "working" and added.json()["label"] == "答辩期限"
    again = api("admin").post(f"{S}/periods", body, "application/json")
    assert again.status_code == 422 and again.json()["field"] == "effective_from"
    listed = api("pt_admin").get(f"{S}/periods").json()["items"]
    assert [r["period"] for r in listed] == ["arbitration.defence"]
    deadline = (
        api("pt_admin").get("/api/v1/calendar/deadline?period=arbitration.defence&start=2026-12-01").json()
    )
    assert (deadline["kind"], deadline["due"], deadline["citation"]) == ("working", "2026-12-15", LOCAL)
