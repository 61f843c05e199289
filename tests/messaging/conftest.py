from datetime import timedelta

import pytest
from django.utils import timezone

from renshe.disputes import services as disputes
from tests import builders

# an application at 张江's centre, as the disputes tests make one
from tests.disputes.conftest import apply, zhangjiang_firm  # noqa: F401

HEARING_ROOM = "第一仲裁庭"


@pytest.fixture
def heard(world, apply):  # noqa: F811 - the fixture imported above
    """heard(**application) -> a 张江 application (received 30 days ago) mediated, failed, accepted by the 科创
    tribunal, heard by zj_arbitrator alone, and set down for a hearing in HEARING_ROOM in ten days."""

    def _heard(**application):
        today = timezone.localdate()
        case, _code = apply(days_ago=30, **application)
        case = builders.mediating(world, case)
        case = builders.arbitrating(
            world, case, applied_on=today - timedelta(days=20), accepted_on=today - timedelta(days=15)
        )
        case = disputes.compose_tribunal(
            case,
            by=world.users["zj_arbitrator"],
            tribunal="sole",
            arbitrators=[world.users["zj_arbitrator"]],
            version=case.version,
        ).case
        disputes.schedule_hearing(
            case,
            by=world.users["zj_arbitrator"],
            scheduled_at=timezone.now() + timedelta(days=10),
            place=HEARING_ROOM,
            notified_on=today,
            version=case.version,
        )
        return case

    return _heard
