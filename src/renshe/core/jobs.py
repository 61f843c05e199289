"""The scheduled jobs (settings.CELERY_BEAT_SCHEDULE) and the log of their runs that 系统管理 shows.

Each periodic task is wrapped in `logged_job`, which writes a JobRun when it starts and completes it with the
outcome when it ends (a failure is recorded, then raised again for Celery's retry). Each app names its jobs
with `register_job` so the page reads 定时任务 in Chinese without core importing the apps.
"""

import functools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, TypeVar

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext

from .models import JobOutcome, JobRun

F = TypeVar("F", bound=Callable[..., Any])
MESSAGE_LENGTH = JobRun._meta.get_field("message").max_length
LABELS: dict[str, str | Promise] = {}  # task name -> label


def register_job(task_name: str, label: str | Promise) -> None:
    LABELS[task_name] = label


def _describe(result: object) -> str:
    if result is None:
        return ""
    return gettext("结果：%(result)s") % {"result": result}


def logged_job(func: F) -> F:
    """Record each run of `func` (a task's body: put it under @shared_task) in the JobRun log."""
    name = f"{func.__module__}.{func.__name__}"

    @functools.wraps(func)
    def run(*args: Any, **kwargs: Any) -> Any:
        record = JobRun.objects.create(job=name, started_at=timezone.now())
        try:
            result = func(*args, **kwargs)
        except Exception as error:
            JobRun.objects.filter(pk=record.pk).update(
                finished_at=timezone.now(),
                outcome=JobOutcome.FAILED,
                message=f"{type(error).__name__}: {error}"[:MESSAGE_LENGTH],
            )
            raise
        JobRun.objects.filter(pk=record.pk).update(
            finished_at=timezone.now(),
            outcome=JobOutcome.SUCCEEDED,
            message=_describe(result)[:MESSAGE_LENGTH],
        )
        return result

    return run  # type: ignore[return-value]


@dataclass
class ScheduledJob:
    key: str  # the beat schedule's entry
    task: str
    label: str
    every: timedelta | None  # None: a crontab or another schedule, shown as written
    schedule: str
    runs: list[JobRun]


def scheduled_jobs(runs_per_job: int = 5) -> list[ScheduledJob]:
    """Each entry of the beat schedule with its latest runs, newest first (one query per job: a handful)."""
    jobs = []
    for key, entry in settings.CELERY_BEAT_SCHEDULE.items():
        schedule = entry["schedule"]
        every = timedelta(seconds=schedule) if isinstance(schedule, int | float) else None
        task = str(entry["task"])
        jobs.append(
            ScheduledJob(
                key=key,
                task=task,
                label=str(LABELS.get(task, task)),
                every=every,
                schedule=_every(every) if every else str(schedule),
                runs=list(job_runs(task)[:runs_per_job]),
            )
        )
    return jobs


def job_runs(task: str = "") -> QuerySet[JobRun]:
    """The runs of one job (its task's name), or of every job, newest first."""
    runs = JobRun.objects.order_by("-id")
    return runs.filter(job=task) if task else runs


def _every(every: timedelta) -> str:
    minutes = int(every.total_seconds() // 60)
    if minutes % (24 * 60) == 0:
        return gettext("每%(n)d天") % {"n": minutes // (24 * 60)}
    if minutes % 60 == 0:
        return gettext("每%(n)d小时") % {"n": minutes // 60}
    return gettext("每%(n)d分钟") % {"n": minutes}
