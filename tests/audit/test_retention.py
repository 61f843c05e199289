"""Access records are kept RENSHE_ACCESS_LOG_RETENTION_DAYS (at least six months: 《网络安全法》第二十一条第（三）项),
then purged daily; a shorter setting is refused at start-up. Timeline events are never purged."""

from datetime import date, datetime, time, timedelta
from io import StringIO

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.utils import timezone

from renshe.audit import checks, services, tasks
from renshe.audit.models import AccessKind, AccessRecord
from renshe.core import law
from renshe.core.models import Event

TODAY = date(2027, 6, 30)


def at(day: date, hour: int = 12) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


@pytest.fixture
def records(db, settings):
    """Records on days around the 365-day cutoff (2026-06-30 00:00, local time)."""
    settings.RENSHE_ACCESS_LOG_RETENTION_DAYS = 365
    days = {
        "older": TODAY - timedelta(days=500),
        "last_expired": TODAY - timedelta(days=366),
        "on_cutoff": TODAY - timedelta(days=365),
        "recent": TODAY - timedelta(days=10),
    }
    made = {}
    for name, day in days.items():
        record = services.record_access(AccessKind.LOGIN, username=name)
        AccessRecord.objects.filter(pk=record.pk).update(
            occurred_at=at(day, 23 if name == "last_expired" else 0)
        )
        made[name] = record.pk
    return made


def test_the_statute_asks_six_months():
    # 《网络安全法》第二十一条第（三）项: 留存相关的网络日志不少于六个月
    assert (
        law.NETWORK_LOG_RETENTION.length == 183
        and "第二十一条第（三）项" in law.NETWORK_LOG_RETENTION.citation
    )


def test_purge_deletes_only_records_past_the_retention(records):
    assert services.purge_expired_access_records(TODAY, batch_size=1) == 2
    assert sorted(AccessRecord.objects.values_list("username", flat=True)) == ["on_cutoff", "recent"]
    # idempotent: the same day again deletes nothing
    assert services.purge_expired_access_records(TODAY) == 0


def test_a_dry_run_only_counts(records):
    assert services.purge_expired_access_records(TODAY, dry_run=True) == 2
    assert AccessRecord.objects.count() == 4


def test_the_command_and_the_daily_task(records, settings, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    out = StringIO()
    call_command("purge_access_records", "--dry-run", stdout=out)
    assert "would delete 2 access records from before 2026-06-30 00:00" in out.getvalue()
    assert AccessRecord.objects.count() == 4
    assert tasks.purge_access_records.apply().get() == 2  # run here, whichever broker is configured
    assert AccessRecord.objects.count() == 2
    schedule = {entry["task"]: entry["schedule"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert schedule["renshe.audit.tasks.purge_access_records"] == 24 * 60 * 60


def test_timeline_events_are_never_purged(records, world):
    events = Event.objects.count()
    services.purge_expired_access_records(TODAY + timedelta(days=3650))
    assert Event.objects.count() == events and not AccessRecord.objects.exists()


def test_a_retention_below_six_months_is_refused(settings):
    settings.RENSHE_ACCESS_LOG_RETENTION_DAYS = 100
    errors = checks.check_retention()
    assert [e.id for e in errors] == ["renshe.audit.E001"]
    assert "183" in errors[0].msg and "《网络安全法》第二十一条第（三）项" in errors[0].msg
    with pytest.raises(ImproperlyConfigured):
        services.purge_expired_access_records(TODAY)


def test_six_months_and_the_default_are_accepted(settings):
    import renshe.settings as production_settings

    assert production_settings.RENSHE_ACCESS_LOG_RETENTION_DAYS == 365
    assert (
        production_settings.AXES_DISABLE_ACCESS_LOG and not production_settings.AXES_ENABLE_ACCESS_FAILURE_LOG
    )
    settings.RENSHE_ACCESS_LOG_RETENTION_DAYS = 183
    assert checks.check_retention() == []


def test_a_negative_password_age_is_refused(settings):
    settings.RENSHE_PASSWORD_MAX_AGE_DAYS = -1
    assert [e.id for e in checks.check_retention()] == ["renshe.audit.E002"]
