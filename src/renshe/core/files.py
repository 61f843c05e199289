"""Files kept with a row (issued documents, evidence): written to storage after the row commits, and handed
out only as they were stored.

A service records the row and its file's SHA-256 in its transaction; `keep` writes the file through
`casework.after_commit` once that transaction has committed — never under the case's row lock, never for a
transaction that rolled back. The row says how the write went (`StoredFile.file_state`): pending until it
happens, stored once it has, failed if storage refused it `attempts` times, which is logged at ERROR and
told to the person who gave the file, so that no case points at a missing file unseen. `content` answers
the download: the stored bytes, checked against the SHA-256, or a `FileUnavailable` with a message.

At rest a file is encrypted under the data key (`protection.seal`, AES-256-GCM with a key of its own from the
same HKDF), under a generated name (never the uploader's), readable by the server's user only
(FILE_UPLOAD_PERMISSIONS): what storage or a backup holds is ciphertext, decrypted only to be served.
"""

import hashlib
import io
import logging
import secrets
import tempfile
import warnings
from collections.abc import Callable
from typing import IO, TypeVar, cast
from urllib.parse import quote

from django.apps import apps
from django.conf import settings
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import models
from django.http import HttpResponse
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from . import casework, notices, protection
from .errors import FileUnavailable
from .models import FileState, StoredFile, User
from .services import official

logger = logging.getLogger(__name__)
Kept = TypeVar("Kept", bound=StoredFile)


# An image that would decompress into more pixels than this is refused (a decompression bomb: a few kilobytes
# that a viewer expands into gigabytes); a 50-megapixel photo is the most a phone takes at its usual setting.
MAX_IMAGE_PIXELS = 50_000_000
IMAGE_HEADER_BYTES = 2**20  # where an image's dimensions are: a JPEG's come after its metadata (≤ 64 KB each)


def context_of(model: type[models.Model], field: str) -> str:
    """What a file's encryption is bound to: its model field (`disputes.evidence.file`)."""
    return f"{model._meta.label_lower}.{field}"


def generated_name(file_field: models.FileField, record: models.Model) -> str:
    return file_field.generate_filename(record, f"{secrets.token_hex(16)}.sealed")


def keep(
    record: Kept,
    content: File,
    *,
    field: str = "file",
    label: str,
    notify: User | None,
    url: str = "",
) -> Kept:
    """Save `record` (unsaved) pointing at a generated storage name, with the content's SHA-256, and write
    `content`, encrypted, to storage after commit. `label` names the file in the log and in the message
    `notify` gets if the write fails for good (an official text: the bureau's language)."""
    file_field = cast(models.FileField, record._meta.get_field(field))
    data = b"".join(content.chunks())
    # a copy of its own (in memory, or on disk when large), so that the write does not depend on how long
    # an upload lives: Django deletes a request's uploads when it ends
    copy = tempfile.SpooledTemporaryFile(max_size=settings.FILE_UPLOAD_MAX_MEMORY_SIZE)  # noqa: SIM115 (closed by the write)
    copy.write(protection.seal(data, context_of(type(record), field)))
    kept = File(copy)
    record.sha256 = hashlib.sha256(data).hexdigest()
    record.file_state = FileState.PENDING
    # only the name is set, so that the model's save does not write the file itself (under the lock); the
    # write records the name it got
    setattr(record, field, generated_name(file_field, record))
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
            title = official("文件未能保存：%(label)s，请重新提交或重新签发", label=label)
            notices.notify([notify], notices.Notice("file_not_stored", title, url=url))

    casework.after_commit(write, what=f"store {label}", on_failure=failed)
    return record


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
            data = protection.unseal(handle.read(), context_of(type(record), field))
    except FileNotFoundError:
        logger.error("file missing from storage: %s %s %s", type(record).__name__, record.pk, stored.name)
        raise FileUnavailable(_("该文件已不在存储中，无法下载，请联系系统管理员"), status=410) from None
    except protection.DataKeyError as error:
        logger.error("file not decrypted: %s %s %s: %s", type(record).__name__, record.pk, stored.name, error)
        raise FileUnavailable(
            _("该文件无法解密（密钥不符或文件已被改动），已拒绝下载，请联系系统管理员"), status=409
        ) from None
    if record.sha256 and hashlib.sha256(data).hexdigest() != record.sha256:
        logger.error("file altered in storage: %s %s %s", type(record).__name__, record.pk, stored.name)
        raise FileUnavailable(
            _("该文件与保存时的校验值（SHA-256）不符，可能已被改动，已拒绝下载，请联系系统管理员"),
            status=409,
        )
    return data


def oversized_image(source: IO[bytes]) -> str | None:
    """The refusal of an image with more than MAX_IMAGE_PIXELS, read from its header alone (its first MB:
    nothing is decompressed); None for one within it, or one Pillow does not read (its type was decided by
    its first bytes). The source is left at its start."""
    head = io.BytesIO(source.read(IMAGE_HEADER_BYTES))
    source.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(head) as image:
                width, height = image.size
    except Image.DecompressionBombError:
        pass  # Pillow's own ceiling: over ours too
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        return None
    else:
        if width * height <= MAX_IMAGE_PIXELS:
            return None
    return _("图片像素过多（超过%(limit)s像素），可能是恶意构造的文件，请缩小后重新提交") % {
        "limit": f"{MAX_IMAGE_PIXELS:,}"
    }


def response(data: bytes, filename: str, content_type: str) -> HttpResponse:
    """A file shown in the browser (not saved by it), under its own name, and kept by no cache. An image with
    too many pixels is not shown: it would be decompressed by the browser (one stored before the check)."""
    if content_type.startswith("image/") and (refusal := oversized_image(io.BytesIO(data))):
        raise FileUnavailable(refusal, status=422)
    answer = HttpResponse(data, content_type=content_type)
    answer["Content-Disposition"] = f"inline; filename*=UTF-8''{quote(filename)}"
    answer["Cache-Control"] = "private, no-store"
    return answer


def seal_files(
    model: type[models.Model], field: str = "file", *, log: Callable[[str], object] = lambda message: None
) -> int:
    """Every stored file of `model` encrypted under the current data key, each under a new generated name:
    files kept before encryption (the migrations that introduced it) and files under a previous key
    (`rotate_data_key`). The new file is written before the row points at it and the old one removed after,
    so a run cut short leaves every row at a readable file and can be run again. Returns the files sealed."""
    protection.check_data_key()
    file_field = model._meta.get_field(field)
    assert isinstance(file_field, models.FileField)
    storage, context, current = file_field.storage, context_of(model, field), protection.keyring().current.id
    sealed = 0
    for record in model._base_manager.exclude(**{field: ""}).order_by("pk").iterator():
        name = getattr(record, field).name
        try:
            with storage.open(name, "rb") as handle:
                blob = handle.read()
        except FileNotFoundError:
            log(f"{model._meta.label} {record.pk}: {name} is missing; left as it is")
            continue
        if protection.is_sealed(blob):
            if protection.file_key_id(blob) == current:
                continue
            blob = protection.unseal(blob, context)
        new = storage.save(generated_name(file_field, record), ContentFile(protection.seal(blob, context)))
        model._base_manager.filter(pk=record.pk).update(**{field: new})
        storage.delete(name)
        sealed += 1
    log(f"{model._meta.label}: {sealed} files encrypted under data key {current}")
    return sealed


def stored_file_models() -> list[type[StoredFile]]:
    return [m for m in apps.get_models() if issubclass(m, StoredFile)]
