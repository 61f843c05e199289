"""Writes of the messaging app: messages delivered (from the kernel's `notice` and from timeline events,
kinds.MESSAGES), marked read, text messages to parties recorded and sent (kinds.NOTICES, their texts
models.SmsTemplate) and those texts edited in 系统管理."""

import logging
from collections.abc import Callable, Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from renshe.core import casework
from renshe.core.administration import require_administrator
from renshe.core.errors import Conflict
from renshe.core.models import Event, User
from renshe.core.notices import Notice
from renshe.core.preferences import Channels, preferences_of
from renshe.core.services import official
from renshe.core.timeline import record_event

from . import templates
from .kinds import MESSAGES, NOTICES
from .models import Message, SmsRecord, SmsStatus, SmsTemplate
from .sms import SmsError, sender

logger = logging.getLogger(__name__)
SMS_ATTEMPTS = 4  # the first and three retries (tasks.send_sms), then the record stays failed


def _subject(subject: models.Model | None) -> dict[str, Any]:
    if subject is None:
        return {}
    return {"subject_type": ContentType.objects.get_for_model(subject), "subject_id": str(subject.pk)}


# the kinds a user chooses channels for (core.models.MessageKind) when a message's own kind is finer
PREFERENCE_OF = {"due_soon": "deadline", "overdue": "deadline"}


def channels(preferences: dict[str, Channels], kind: str) -> Channels:
    """How a user chose to receive messages of `kind` (个人中心 › 消息设置); kinds nobody chooses for
    (a file that could not be stored) always come in the app."""
    return preferences.get(PREFERENCE_OF.get(kind, kind), Channels())


def deliver(recipients: Iterable[User], notice: Notice) -> int:
    """Store one message per recipient who takes this kind in the app, and queue a text to the phone of
    each who chose SMS for it; how many messages were new. A reminder (`work_item`) already given to a
    person is not given again, in either channel."""
    created = 0
    fields = {
        "kind": notice.kind,
        "title": notice.title[:300],
        "body": notice.body,
        "url": notice.url,
        **_subject(notice.subject),
    }
    users = list({u.pk: u for u in recipients}.values())
    preferences = preferences_of(users)
    for user in users:
        chosen = channels(preferences[user.pk], notice.kind)
        if notice.work_item is None:
            new = True
            if chosen.in_app:
                Message.objects.create(recipient=user, **fields)
        else:
            try:
                with transaction.atomic():
                    _m, new = Message.objects.get_or_create(
                        recipient=user,
                        work_item=notice.work_item,
                        kind=notice.kind,
                        # read already when the user takes this kind by SMS only: the row keeps the
                        # reminder from being sent twice
                        defaults={**fields, "read_at": None if chosen.in_app else timezone.now()},
                    )
            except IntegrityError:  # a retry of the job, running beside the first
                new = False
        if new and chosen.sms and user.phone:
            queue(
                SmsRecord.objects.create(
                    phone=user.phone,
                    template=f"staff.{notice.kind}",
                    text=fields["title"],
                    **_subject(notice.subject),
                )
            )
        created += new and chosen.in_app
    return created


def _fields(event: Event, case: Any) -> dict[str, Any]:
    return {
        **event.changes,
        "number": getattr(case, "number", ""),
        "respondent": case.respondent.name if getattr(case, "respondent", None) else "",
        "organisation": event.organisation.name if event.organisation else "",
        "summary": event.summary,
    }


def on_event(event: Event) -> None:
    """What a timeline event tells: messages to the users kinds.MESSAGES names, and a text message to the
    parties where kinds.NOTICES has one. Runs inside the event's transaction, so a rolled-back change
    leaves neither; the texts go out after commit."""
    kind = MESSAGES.get(event.verb)
    notice = (
        SmsTemplate.objects.filter(verb=event.verb, active=True).first() if event.verb in NOTICES else None
    )
    if kind is None and notice is None:
        return
    case = event.subject_type.get_object_for_this_type(pk=event.subject_id)
    fields = _fields(event, case)
    if kind is not None and kind.when(case):
        title = _filled(lambda: official(kind.title, **fields), event)
        page = casework.case_page(event.verb, event.subject_id)
        deliver(kind.to(event, case), Notice(kind.kind, title, url=page, subject=case))
    if notice is not None:
        text = _filled(lambda: templates.render(notice.text, fields), event)[:500]
        for phone in party_phones(case):
            record = SmsRecord.objects.create(phone=phone, template=notice.name, text=text, **_subject(case))
            queue(record)


def _filled(fill: Callable[[], str], event: Event) -> str:
    """A template filled in; one that names a field the event does not give is logged and the event's own
    summary said instead, so that a wrong template never refuses the change it tells of."""
    try:
        return fill()
    except (KeyError, ValueError, TypeError):
        logger.exception("messaging: the template for %s does not fit its event", event.verb)
        return event.summary


def party_phones(case: Any) -> list[str]:
    """The phone numbers of a case's applicants (a dispute's); a case without applicants has none."""
    applicants = getattr(case, "applicants", None)
    if applicants is None:
        return []
    phones = (a.person.phone for a in applicants.select_related("person"))
    return list(dict.fromkeys(p for p in phones if p))


def queue(record: SmsRecord) -> None:
    from .tasks import send_sms  # the task module imports this one

    casework.after_commit(lambda: send_sms.delay(record.pk), what=f"queue SMS {record.pk}")


def send_now(record_id: int, *, last_attempt: bool) -> SmsRecord:
    """One attempt at sending a recorded text. A failure is recorded with its error; it is final
    (`failed`) on the last attempt and raises SmsError before that, for the task to retry."""
    record = SmsRecord.objects.get(pk=record_id)
    if record.status != SmsStatus.PENDING:  # a redelivered task: sent, or given up, already
        return record
    record.attempts += 1
    try:
        record.provider_id = sender().send(record.phone, record.text)
    except SmsError as error:
        record.error = str(error)[:300]
        record.status = SmsStatus.FAILED if last_attempt else SmsStatus.PENDING
        record.save(update_fields=["attempts", "error", "status"])
        if not last_attempt:
            raise
        return record
    record.status, record.sent_at, record.error = SmsStatus.SENT, timezone.now(), ""
    record.save(update_fields=["attempts", "provider_id", "status", "sent_at", "error"])
    return record


def mark_read(user: User, message_id: int) -> Message | None:
    """Mark one of the user's own messages read; another user's, or none, is None."""
    message = Message.objects.filter(recipient=user, pk=message_id).first()
    if message is not None and message.read_at is None:
        message.read_at = timezone.now()
        message.save(update_fields=["read_at"])
    return message


def mark_all_read(user: User) -> int:
    return Message.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())


@transaction.atomic
def update_sms_template(
    template: SmsTemplate, *, by: User, text: str, active: bool, version: int
) -> SmsTemplate:
    """系统管理 › 短信模板: a new text (checked against templates.PLACEHOLDERS and REQUIRED), or the message
    no longer sent (`active` off). `version` is the one the form was read at: an edit made meanwhile by
    someone else is not overwritten. Every edit is an event on the template, the old and new text in it."""
    require_administrator(by)
    template = SmsTemplate.objects.select_for_update().get(pk=template.pk)
    if template.version != version:
        raise Conflict()
    text = templates.checked(text)
    changed = {
        key: [getattr(template, key), value]
        for key, value in (("text", text), ("active", active))
        if getattr(template, key) != value
    }
    if not changed:
        return template
    template.text, template.active, template.updated_by = text, active, by
    template.version += 1
    template.save(update_fields=["text", "active", "updated_by", "version", "updated_at"])
    record_event(
        template,
        "sms_template.updated",
        official("修改短信模板：%(name)s（第%(version)d版）", name=template.name, version=template.version),
        actor=by,
        changes=changed,
    )
    return template
