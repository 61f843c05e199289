"""A case's files: its evidence, and the agreement and award as issued (core.issuing)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404

from renshe.core import files, issuing
from renshe.core.selectors import get_in_scope

from .. import documents
from .case import case_in_scope


@login_required
def evidence_file(request, pk: int, evidence_id: int):
    """Evidence is personal data: served only to those who may see the case, never from a public URL, and
    only as it was stored (core.files)."""
    case = case_in_scope(request, pk)
    evidence = get_in_scope(case.evidence.all(), evidence_id)
    return files.response(files.content(evidence), evidence.name, evidence.content_type)


@login_required
def agreement_pdf(request, pk: int):
    return _handed_out(request, case_in_scope(request, pk), documents.AGREEMENT)


@login_required
def award_pdf(request, pk: int):
    return _handed_out(request, case_in_scope(request, pk), documents.AWARD)


@login_required
def final_award_pdf(request, pk: int):
    """A mixed award's final part, its own document (办案规则 第五十条)."""
    return _handed_out(request, case_in_scope(request, pk), documents.FINAL_AWARD)


def _handed_out(request, case, kind):
    """The document as issued, once the case has it (documents.kinds_of), which prints the parties' full
    identity numbers: for those who may see them, each download recorded as an unmasking
    (DocumentKind.handed_out: documents.record_identities_printed)."""
    if kind not in documents.kinds_of(case):
        raise Http404()
    kind.hand_out(case, request.user)
    return issuing.download(case, kind, by=request.user)
