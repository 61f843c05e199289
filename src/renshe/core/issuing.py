"""Issued documents are frozen: an official PDF, once issued, is kept as it was issued and served as such.

A module declares each of its documents once, as a `DocumentKind` (its renderer, the template's version,
who may see and who may correct it). The first download of a document never issued issues version 1;
every later download serves the stored file, checked against its SHA-256, not a rendering of today's data.
Correcting a document (`issue_document(..., replaces=latest)`) issues version N+1 naming the version it
replaces. Each issue is an event on the case's timeline ("document.issued": kind, version, SHA-256), and
its file goes to storage after commit (core.files), so rendering and storage never run under the lock.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import IntegrityError, models, transaction
from django.db.models import Q, QuerySet
from django.http import HttpResponse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from . import casework, files
from .documents import LAYOUT_VERSION
from .errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from .models import FileState, IssuedDocument, User
from .services import official
from .subjects import subject_of
from .timeline import record_event

KINDS: dict[str, "DocumentKind"] = {}


@dataclass(frozen=True)
class DocumentKind:
    """One official document of a module, declared next to its renderer.

    `subject` is the record the document is about (a dispute case, a rectification order …), `case_of` the
    case it belongs to (whose row lock orders its versions and whose timeline records each issue), `url`
    that case's page. `template_version` is bumped whenever the renderer's layout or wording changes, so
    that each issued file says which template made it."""

    code: str
    label: str | Promise  # shown on the case page
    template_version: int
    render: Callable[[models.Model], bytes]
    filename: Callable[[models.Model], str]
    visible: Callable[[User], QuerySet]  # the subjects the user may see
    may_issue: Callable[[User, models.Model], bool]  # who may correct (re-issue) it
    case_of: Callable[[models.Model], models.Model] = lambda subject: subject
    url: Callable[[models.Model], str] = lambda case: ""
    # called before each time the document is handed to a user (kind, subject, user): a document printing
    # personal data in full records the unmasking there, and may refuse (PermissionDenied)
    handed_out: Callable[["DocumentKind", models.Model, User], None] | None = None

    def hand_out(self, subject: models.Model, user: User) -> None:
        if self.handed_out is not None:
            self.handed_out(self, subject, user)

    def __post_init__(self) -> None:
        if KINDS.setdefault(self.code, self) is not self:
            raise ValueError(f"document kind {self.code} is declared twice")

    @property
    def version(self) -> str:
        return f"{LAYOUT_VERSION}.{self.template_version}"


def latest(subject: models.Model, kind: DocumentKind) -> IssuedDocument | None:
    return (
        IssuedDocument.objects.filter(**subject_of(subject), kind=kind.code)
        .select_related("issued_by")
        .order_by("-version")
        .first()
    )


def _issue(
    subject: models.Model,
    kind: DocumentKind,
    *,
    by: User,
    replaces: IssuedDocument | None,
    reason: str,
) -> tuple[IssuedDocument, bytes]:
    if replaces is None:
        if not kind.visible(by).filter(pk=subject.pk).exists():
            raise NotFound()
    else:
        if not kind.may_issue(by, subject):
            raise PermissionDenied()
        reason = reason.strip()[:300]
        if not reason:
            raise ValidationFailed(_("请填写更正原因"), field="reason")
    content = kind.render(subject)  # before the lock: rendering is the slow part
    with transaction.atomic():
        case = kind.case_of(subject)
        casework.hold(type(case), case.pk)  # orders the versions of the case's documents
        current = latest(subject, kind)
        if (current.pk if current else None) != (replaces.pk if replaces else None):
            # a second first download, or a correction of a version someone has corrected already
            raise Conflict(_("该文书已有更新的版本，请刷新后重试"))
        version = current.version + 1 if current else 1
        name = kind.filename(subject)
        document = files.keep(
            IssuedDocument(
                **subject_of(subject),
                kind=kind.code,
                version=version,
                title=name,
                size=len(content),
                template_version=kind.version,
                issued_by=by,
                issued_at=timezone.now(),
                replaces=replaces,
                reason=reason,
            ),
            ContentFile(content),
            label=official("%(title)s 第%(version)d版", title=name, version=version),
            notify=by,
            url=kind.url(case),
        )
        summary = (
            official("签发文书：%(title)s 第%(version)d版", title=name.removesuffix(".pdf"), version=version)
            if replaces is None
            else official(
                "更正文书：%(title)s 第%(version)d版（更正第%(old)d版）",
                title=name.removesuffix(".pdf"),
                version=version,
                old=replaces.version,
            )
        )
        record_event(
            case,
            "document.issued",
            summary,
            actor=by,
            enterprise=getattr(case, "respondent", None),
            organisation=getattr(case, "organisation", None),
            changes={
                "kind": kind.code,
                "version": version,
                "sha256": document.sha256,
                "template_version": kind.version,
                "document": document.pk,
                "replaces": replaces.version if replaces else None,
                "reason": reason,
            },
        )
    return document, content


def issue_document(
    subject: models.Model,
    kind: DocumentKind,
    *,
    by: User,
    replaces: IssuedDocument | None = None,
    reason: str = "",
) -> IssuedDocument:
    """Issue `kind` of `subject` as it reads today: version 1 (for anyone who may see it), or, replacing the
    latest version with a `reason`, the next (for those `kind.may_issue`). Conflict if `replaces` is not the
    latest version (or, for version 1, if one has been issued meanwhile)."""
    return _issue(subject, kind, by=by, replaces=replaces, reason=reason)[0]


def download(subject: models.Model, kind: DocumentKind, *, by: User) -> HttpResponse:
    """The latest issued version of `kind` of `subject`, issuing version 1 on the first download. The caller
    has checked that `by` may see `subject`."""
    document = latest(subject, kind)
    if document is None:
        try:
            document, content = _issue(subject, kind, by=by, replaces=None, reason="")
        except (Conflict, IntegrityError):  # issued by someone else a moment ago: theirs is version 1
            document = latest(subject, kind)
            if document is None:  # nor theirs: the refusal stands
                raise
        else:
            document.refresh_from_db(fields=["file_state"])
            # the bytes just issued are the document (their SHA-256 is on the row) unless storing them
            # failed: then this download says so, as every later one will
            if document.file_state != FileState.FAILED:
                return files.response(content, document.title, "application/pdf")
    return serve(document)


def serve(document: IssuedDocument) -> HttpResponse:
    return files.response(files.content(document), document.title, "application/pdf")


def issued_for(subjects: list[models.Model], user: User) -> list[IssuedDocument]:
    """Every issued version of the subjects' documents, for the case page: each with `label`, and
    `correctable` on the latest version of each document when the user may correct it."""
    if not subjects:
        return []
    where = Q(pk__in=[])
    for subject in subjects:
        where |= Q(**subject_of(subject))
    documents = list(
        IssuedDocument.objects.filter(where)
        .select_related("issued_by", "replaces")
        .order_by("subject_type_id", "subject_id", "kind", "version")
    )
    by_key: dict[tuple[type[models.Model] | None, str], models.Model] = {
        (type(s), str(s.pk)): s for s in subjects
    }
    newest = {(d.subject_type_id, d.subject_id, d.kind): d for d in documents}
    for document in documents:
        kind = KINDS.get(document.kind)
        document.label = kind.label if kind else document.kind
        # the content types from Django's per-process cache, not joined into the query on every case page
        subject_model = ContentType.objects.get_for_id(document.subject_type_id).model_class()
        shown = by_key.get((subject_model, document.subject_id))
        document.correctable = bool(
            kind
            and shown is not None
            and newest[(document.subject_type_id, document.subject_id, document.kind)] is document
            and kind.may_issue(user, shown)
        )
    return documents


def versions(
    documents: list[tuple[DocumentKind, models.Model]],
) -> list[tuple[DocumentKind, models.Model, IssuedDocument | None]]:
    """Each of a case's documents (`kind` of `subject`) with every version issued, oldest first, in one
    query; a document not issued yet once, with None (its first download issues version 1)."""
    if not documents:
        return []
    where = Q(pk__in=[])
    for kind, subject in documents:
        where |= Q(**subject_of(subject), kind=kind.code)
    issued: dict[tuple[int, str, str], list[IssuedDocument]] = {}
    for document in IssuedDocument.objects.filter(where).select_related("replaces").order_by("version"):
        issued.setdefault((document.subject_type_id, document.subject_id, document.kind), []).append(document)
    listed: list[tuple[DocumentKind, models.Model, IssuedDocument | None]] = []
    for kind, subject in documents:
        key = (ContentType.objects.get_for_model(subject).pk, str(subject.pk), kind.code)
        listed.extend((kind, subject, document) for document in issued.get(key, [None]))
    return listed


def version_of(subject: models.Model, kind: DocumentKind, version: int) -> IssuedDocument:
    """One issued version of `kind` of `subject`; NotFound if it has not been issued."""
    found = IssuedDocument.objects.filter(**subject_of(subject), kind=kind.code, version=version).first()
    if found is None:
        raise NotFound()
    return found
