"""The message centre over HTTP: the caller's own messages, unread first, and marking them read."""

from datetime import datetime

from ninja import Router, Schema
from ninja.pagination import paginate

from . import selectors, services

router = Router(tags=["messages"])


class MessageOut(Schema):
    id: int
    kind: str
    title: str
    body: str
    url: str
    created_at: datetime
    read_at: datetime | None


class MarkedOut(Schema):
    marked: int
    unread: int


@router.get("", response=list[MessageOut], summary="Your messages (站内消息), unread first, newest first")
@paginate
def messages(request, unread: bool = False):
    return selectors.inbox(request.user, unread_only=unread)


@router.post("/read-all", response=MarkedOut, summary="Mark all your messages read")
def read_all(request):
    return MarkedOut(marked=services.mark_all_read(request.user), unread=selectors.unread_count(request.user))
