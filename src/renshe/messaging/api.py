"""The message centre over HTTP: the caller's own messages, unread first, and marking them read; and for
administrators the text message templates (系统管理 › 短信模板), on the service and check their page uses."""

from datetime import datetime

from ninja import Field, Router, Schema
from ninja.pagination import paginate

from renshe.core.administration import require_administrator
from renshe.core.api import ERRORS, ErrorOut, Id

from . import selectors, services, templates

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


# --- 系统管理 › 短信模板 ----------------------------------------------------------------------------------


class SmsTemplateOut(Schema):
    id: int
    verb: str = Field(description="the timeline event the message tells the parties of")
    name: str
    text: str
    active: bool = Field(description="off: the event sends the parties no text message")
    version: int = Field(description="send it back with an update; a newer one answers 409")
    updated_by: str | None = Field(None, alias="updated_by.full_name")
    updated_at: datetime


class PlaceholderOut(Schema):
    name: str
    label: str
    required: bool


class SmsTemplateDetailOut(SmsTemplateOut):
    placeholders: list[PlaceholderOut] = Field(description="those a text may use, `{name}`; some it must")

    @staticmethod
    def resolve_placeholders(obj) -> list[dict]:
        return [
            {"name": name, "label": str(label), "required": name in templates.REQUIRED}
            for name, label in templates.PLACEHOLDERS.items()
        ]


class SmsTemplateIn(Schema):
    text: str = Field(max_length=templates.MAX_LENGTH)
    active: bool = True
    version: int = Field(ge=1, le=2_000_000_000, description="the version you read; a newer one is 409")


@router.get(
    "/templates",
    response={200: list[SmsTemplateOut], 403: ErrorOut},
    summary="短信模板: the texts sent to the parties, by event (administrators)",
)
@paginate
def sms_templates(request):
    require_administrator(request.user)
    return selectors.sms_templates()


@router.get(
    "/templates/{int:pk}",
    response={200: SmsTemplateDetailOut, 403: ErrorOut, 404: ErrorOut},
    summary="One text message template, with the placeholders it may use",
)
def sms_template(request, pk: Id):
    require_administrator(request.user)
    return selectors.sms_template(pk)


@router.put(
    "/templates/{int:pk}",
    response={200: SmsTemplateDetailOut, **ERRORS},
    summary="Set a template's text and whether it is sent; the `version` you read, a stale one 409",
)
def sms_template_update(request, pk: Id, payload: SmsTemplateIn):
    require_administrator(request.user)
    services.update_sms_template(selectors.sms_template(pk), by=request.user, **payload.dict())
    return selectors.sms_template(pk)
