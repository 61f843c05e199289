"""Files kept with a row (issued documents, evidence): written to storage after the row commits, and handed
out only as they were stored.

A service records the row and its file's SHA-256 in its transaction; `keep` writes the file through
`casework.after_commit` once that transaction has committed — never under the case's row lock, never for a
transaction that rolled back. The row says how the write went (`StoredFile.file_state`): pending until it
happens, stored once it has, failed if storage refused it `attempts` times, which is logged at ERROR and
told to the person who gave the file, so that no case points at a missing file unseen. `content` answers
the download: the stored bytes, checked against the SHA-256, or a `FileUnavailable` with a message.
"""

import hashlib
import logging
import os
import tempfile
from typing import TypeVar, cast
from urllib.parse import quote

from django.conf import settings
from django.core.files import File
from django.db import models
from django.http import HttpResponse
from django.utils.translation import gettext as _

from . import casework
from .errors import FileUnavailable
from .models import FileState, Notification, StoredFile, User
from .services import official

logger = logging.getLogger(__name__)
Kept = TypeVar("Kept", bound=StoredFile)


def keep(
    record: Kept,
    content: File,
    filename: str,
    *,
    field: str = "file",
    label: str,
    notify: User | None,
    url: str = "",
) -> Kept:
    """Save `record` (unsaved) pointing at the storage name `filename` will get, with the content's SHA-256,
    and write `content` to storage after commit. `label` names the file in the log and in the message
    `notify` gets if the write fails for good (an official text: the bureau's language)."""
    file_field = cast(models.FileField, record._meta.get_field(field))
    # a copy of its own (in memory, or on disk when large), so that the write does not depend on how long
    # an upload lives: Django deletes a request's uploads when it ends
    copy = tempfile.SpooledTemporaryFile(max_size=settings.FILE_UPLOAD_MAX_MEMORY_SIZE)  # noqa: SIM115 (closed by the write)
    digest = hashlib.sha256()
    for chunk in content.chunks():
        copy.write(chunk)
        digest.update(chunk)
    kept = File(copy)
    record.sha256 = digest.hexdigest()
    record.file_state = FileState.PENDING
    # only the name is set, so that the model's save does not write the file itself (under the lock); the
    # write may still change it (a name taken already gets a suffix) and records the one it got
    setattr(record, field, _fitting(file_field.generate_filename(record, filename), file_field.max_length))
    record.save()
    rows = type(record)._base_manager.filter(pk=record.pk)

    def write() -> None:
        kept.seek(0)
        name = file_field.storage.save(getattr(record, field).name, kept, max_length=file_field.max_length)
        rows.update(**{field: name, "file_state": FileState.STORED})
        kept.close()

    def failed(error: Exception) -> None:
        kept.close()
        rows.update(file_state=FileState.FAILED)
        logger.error("file not stored: %s (%s %s): %r", label, type(record).__name__, record.pk, error)
        if notify is not None:
            Notification.objects.create(
                recipient=notify,
                kind="file_not_stored",
                text=official("文件未能保存：%(label)s，请重新提交或重新签发", label=label)[:300],
                url=url,
            )

    casework.after_commit(write, what=f"store {label}", on_failure=failed)
    return record


def _fitting(name: str, max_length: int | None) -> str:
    """The name cut (before its extension) to leave room in the column for the suffix storage adds to a
    name taken already, as storage itself cuts it when it saves (a column without a limit takes it whole)."""
    if max_length is None:
        return name
    room = max_length - 8
    if len(name) <= room:
        return name
    root, extension = os.path.splitext(name)
    return root[: room - len(extension)] + extension


def content(record: StoredFile, *, field: str = "file") -> bytes:
    """The file as it was stored, or FileUnavailable: not stored (yet, or ever), or altered since (its
    SHA-256 differs), which is logged at ERROR. A row from before SHA-256s were kept has none to check."""
    state = record.file_state
    if state == FileState.PENDING:
        raise FileUnavailable(status=503)
    if state == FileState.FAILED:
        raise FileUnavailable(
            _("该文件未能保存到存储中，无法下载；已告知提交人或签发人，请重新提交或更正签发"), status=410
        )
    stored = getattr(record, field)
    try:
        with stored.storage.open(stored.name, "rb") as handle:
            data = handle.read()
    except FileNotFoundError:
        logger.error("file missing from storage: %s %s %s", type(record).__name__, record.pk, stored.name)
        raise FileUnavailable(_("该文件已不在存储中，无法下载，请联系系统管理员"), status=410) from None
    if record.sha256 and hashlib.sha256(data).hexdigest() != record.sha256:
        logger.error("file altered in storage: %s %s %s", type(record).__name__, record.pk, stored.name)
        raise FileUnavailable(
            _("该文件与保存时的校验值（SHA-256）不符，可能已被改动，已拒绝下载，请联系系统管理员"),
            status=409,
        )
    return data


def response(data: bytes, filename: str, content_type: str) -> HttpResponse:
    """A file shown in the browser (not saved by it), under its own name, and kept by no cache."""
    answer = HttpResponse(data, content_type=content_type)
    answer["Content-Disposition"] = f"inline; filename*=UTF-8''{quote(filename)}"
    answer["Cache-Control"] = "private, no-store"
    return answer
