"""定时任务: each periodic task writes its runs to the JobRun log that the jobs page shows."""

import pytest

from renshe.audit import tasks as audit_tasks
from renshe.core import tasks
from renshe.core.jobs import logged_job
from renshe.core.models import JobOutcome, JobRun


def test_a_periodic_task_writes_its_run(world):
    assert audit_tasks.purge_access_records.apply().get() == 0
    tasks.seal_timeline.apply().get()
    purge = JobRun.objects.get(job="renshe.audit.tasks.purge_access_records")
    assert purge.outcome == JobOutcome.SUCCEEDED and purge.finished_at >= purge.started_at
    assert purge.message == "结果：0"
    assert JobRun.objects.filter(job="renshe.core.tasks.seal_timeline", outcome=JobOutcome.SUCCEEDED).exists()


def test_a_failed_run_is_recorded_and_raised(db):
    @logged_job
    def broken():
        raise RuntimeError("storage unreachable")

    with pytest.raises(RuntimeError):
        broken()
    run = JobRun.objects.get()
    assert run.outcome == JobOutcome.FAILED and run.message == "RuntimeError: storage unreachable"


def test_the_jobs_page_lists_the_schedule_with_the_last_runs(login, world):
    audit_tasks.purge_access_records.apply()
    html = login("pt_admin").get("/system/jobs/").content.decode()
    assert "清除过期访问记录" in html and "每1天" in html and "时间线封存" in html and "每5分钟" in html
    assert "成功" in html and "暂无运行记录" in html
    assert login("pt_caoyang").get("/system/jobs/").status_code == 403
