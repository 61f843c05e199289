"""The casework kernel: declared workflows, the row lock with its version check, side effects after commit."""

import random

import pytest
from django.db import transaction

from renshe.core import casework
from renshe.core.errors import Conflict, ValidationFailed
from renshe.disputes import demo
from renshe.disputes import workflow as disputes_workflow
from renshe.disputes.models import DisputeCase
from renshe.inspection import workflow as inspection_workflow

WORKFLOWS = [disputes_workflow.WORKFLOW, inspection_workflow.WORKFLOW]


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=["disputes", "inspection"])
def test_each_module_declares_its_workflow_once_and_every_state_can_be_reached(workflow):
    reached = {state for sources, to in workflow.transitions.values() for state in sources | {to} if state}
    assert reached == set(workflow.states.values)
    assert "stateDiagram-v2" in casework.draw(workflow)


def test_a_transition_the_workflow_does_not_allow_is_refused_naming_the_state():
    wf = disputes_workflow.WORKFLOW
    assert wf.target("applied", "accept") == "accepted"
    assert wf.target("mediating", "record_session") == "mediating"
    with pytest.raises(ValidationFailed, match="已申请"):
        wf.target("applied", "settle")


def test_a_declaration_naming_an_unknown_state_is_refused_at_import():
    with pytest.raises(ValueError, match="unknown states"):
        casework.Workflow(disputes_workflow.Status, {"x": (frozenset({"nowhere"}), None)})


@pytest.mark.django_db
def test_lock_for_refuses_a_stale_version_and_returns_the_locked_row(world):
    case = demo.LiveCases(world, random.Random(1)).apply(20)
    with transaction.atomic():
        locked = casework.lock_for(DisputeCase, case.pk, case.version)
        assert locked.pk == case.pk and locked is not case
    with pytest.raises(Conflict), transaction.atomic():
        casework.lock_for(DisputeCase.objects.all(), case.pk, case.version + 1)


@pytest.mark.django_db(transaction=True)
def test_side_effects_run_after_commit_and_never_for_a_rollback(caplog):
    ran = []
    with transaction.atomic():
        casework.after_commit(lambda: ran.append("committed"), what="test")
        assert ran == []  # not under the transaction's locks
    assert ran == ["committed"]
    with pytest.raises(RuntimeError), transaction.atomic():
        casework.after_commit(lambda: ran.append("rolled back"), what="test")
        raise RuntimeError
    assert ran == ["committed"]

    tries = []

    def flaky():
        tries.append(1)
        if len(tries) < 3:
            raise OSError("storage away")

    with transaction.atomic():
        casework.after_commit(flaky, what="store a file")
    assert len(tries) == 3  # retried until it went through

    def broken():
        raise OSError("storage gone")

    with transaction.atomic():
        casework.after_commit(broken, what="store a file")
    assert "store a file failed 3 times" in caplog.text
