"""Who sees which inspection cases, and the reporter's protected identity."""

from renshe.core.synthetic import citizen_id
from renshe.inspection import selectors, services
from renshe.inspection.services import RespondentInput, WorkerInput

from .conftest import RECEIVED


def test_scope_follows_the_brigade_and_the_place_of_work(filed, u):
    case = filed(1)
    assert list(selectors.inspections_for(u["fx_inspector"])) == [case]
    assert list(selectors.inspections_for(u["fx_admin"])) == [case]
    assert list(selectors.inspections_for(u["pt_admin"])) == []
    assert list(selectors.inspector_queue(u["fx_inspector2"])) == [case]
    assert selectors.enterprise_file_rows(case.respondent, u["pt_admin"]) == []
    f = selectors.InspectionFilter(q=case.respondent.name[:4])
    assert list(selectors.filtered(selectors.inspections_for(u["fx_admin"]), f)) == [case]


def test_a_reporters_identity_is_shown_masked_and_only_to_the_case_inspectors(filed, u, brigade, factory):
    import random

    case = filed(1)
    report = services.register_report(
        by=u["fx_inspector"],
        brigade=brigade,
        kind="report",
        channel="counter",
        respondent=RespondentInput(enterprise_id=factory.pk),
        content="举报该厂拖欠工资，本人为厂内职工家属。",
        received_on=RECEIVED,
        reporter=WorkerInput(citizen_id(random.Random(9)), "欧阳明", phone="13912345678"),
        reporter_contact="13912345678",
    )
    shown = selectors.reporter_display(report, u["fx_inspector"])
    assert shown.startswith("欧**") and "欧阳明" not in shown and "13912345678" not in shown
    assert selectors.reporter_display(report, u["fx_admin"]) == "***"
    assert report.case_id == case.pk
