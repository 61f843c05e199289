"""The text messages to parties as data (models.SmsTemplate): the placeholders a template may use, the ones
it must, the check of a text against them, and the texts an installation starts with (loaded by migration
0003 and, after a test database flush, by the demo builder)."""

from string import Formatter

from django.utils.translation import gettext_lazy as _

from renshe.core.errors import ValidationFailed

# what services._fields gives every event's template
PLACEHOLDERS = {
    "organisation": _("机构名称（短信签名）"),
    "number": _("案号"),
    "respondent": _("被申请人"),
    "summary": _("事件摘要，如受理日期、开庭时间和地点、调解结果"),
}
# a message that names no case, or says nothing of what happened, tells the party nothing
REQUIRED = ("number", "summary")
MAX_LENGTH = 300

# (verb, name, text): the texts renshe shipped in messaging.kinds before they were data
INITIAL = [
    (
        "dispute.accepted",
        "受理通知",
        "【{organisation}】您的劳动争议调解申请（{number}）已受理：{summary}。可凭查询码网上查询进度。",
    ),
    (
        "dispute.arbitration_accepted",
        "受理通知",
        "【{organisation}】您的劳动争议仲裁申请（{number}）已受理：{summary}。",
    ),
    ("dispute.hearing", "开庭通知", "【{organisation}】开庭通知：案件{number}，{summary}。请按时到庭。"),
    ("dispute.settled", "调解结果", "【{organisation}】调解结果：案件{number}{summary}。"),
    ("dispute.failed", "调解结果", "【{organisation}】调解结果：案件{number}{summary}，可依法申请仲裁。"),
]


def load(template_model) -> None:
    """Insert the initial text of each event that has none yet (an edited one is left as it is). Takes the
    model so a migration can pass its own."""
    present = set(template_model.objects.values_list("verb", flat=True))
    template_model.objects.bulk_create(
        template_model(verb=verb, name=name, text=text) for verb, name, text in INITIAL if verb not in present
    )


def placeholders_in(text: str) -> list[str]:
    """The names of the placeholders `text` uses, in order; a malformed one refused with what is wrong."""
    try:
        parts = list(Formatter().parse(text))
    except ValueError:
        raise ValidationFailed(
            _("模板格式有误：占位符须写成{名称}，花括号须成对；文字中的花括号请写成{{和}}"), field="text"
        ) from None
    names = []
    for _literal, name, spec, conversion in parts:
        if name is None:
            continue
        if name not in PLACEHOLDERS or spec or conversion:
            shown = "{" + name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}"
            raise ValidationFailed(
                _("模板中的占位符%(placeholder)s无法识别；可用的占位符：%(known)s")
                % {"placeholder": shown, "known": known()},
                field="text",
            )
        names.append(name)
    return names


def known() -> str:
    return "、".join("{" + name + "}" for name in PLACEHOLDERS)


def checked(text: str) -> str:
    """`text` cleaned, once it uses only known placeholders and every required one."""
    text = " ".join(text.split())
    if not text:
        raise ValidationFailed(_("请填写短信内容"), field="text")
    if len(text) > MAX_LENGTH:
        raise ValidationFailed(_("短信内容不能超过%(count)d个字") % {"count": MAX_LENGTH}, field="text")
    used = set(placeholders_in(text))
    missing = [name for name in REQUIRED if name not in used]
    if missing:
        named = "、".join(f"{{{name}}}（{PLACEHOLDERS[name]}）" for name in missing)
        raise ValidationFailed(_("模板缺少必需的占位符：%(missing)s") % {"missing": named}, field="text")
    return text


def render(text: str, fields: dict) -> str:
    """The template filled in: only its own placeholders are looked up (an event's other changes are not
    offered to a template, whatever it names)."""
    return text.format(**{name: fields.get(name, "") for name in PLACEHOLDERS})
