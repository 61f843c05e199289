"""The timeline events this module writes (`dispute.<verb>`, services.TRAIL), as the operation log names them."""

from django.utils.translation import gettext_lazy as _

EVENT_KINDS = {
    "applied": _("收到调解申请"),
    "accepted": _("受理调解申请"),
    "declined": _("不予受理"),
    "evidence": _("提交证据"),
    "referred": _("转派"),
    "referral_revoked": _("撤回转派"),
    "taken_up": _("接收案件"),
    "session": _("调解记录"),
    "extended": _("延长调解期限"),
    "suspended": _("调解中止"),
    "resumed": _("恢复调解"),
    "settled": _("达成调解协议"),
    "payment": _("协议履行付款"),
    "performed": _("协议履行完毕"),
    "review_path": _("选择后续途径"),
    "payment_order": _("申请支付令"),
    "arbitration_review": _("申请仲裁审查"),
    "judicial_confirmation": _("申请司法确认"),
    "follow_up_result": _("调解协议后续程序结果"),
    "defaulted": _("协议到期未履行"),
    "failed": _("调解不成"),
    "withdrawn": _("撤回申请"),
    "to_arbitration": _("申请仲裁"),
    "arbitration_accepted": _("仲裁受理"),
    "limitation_recorded": _("登记仲裁时效起算事实"),
    "limitation_break": _("仲裁时效中断/中止"),
    "hearing": _("安排开庭"),
    "arbitration_extended": _("延长审理期限"),
    "arbitration_restarted": _("审理期限重新计算"),
    "arbitration_suspended": _("中止审理"),
    "arbitration_resumed": _("恢复审理"),
    "awarded": _("作出仲裁裁决"),
    "sued": _("起诉至法院"),
    "judged": _("法院裁判"),
    "closed": _("结案"),
    "tracking_locked": _("暂停网上查询"),
    "tracking_reopened": _("恢复网上查询"),
    "generated": _("批量生成案件"),
}

# services.rooms: `hearing_room.<verb>`
ROOM_EVENT_KINDS = {
    "added": _("新增仲裁庭室"),
    "renamed": _("仲裁庭室更名"),
    "disabled": _("停用仲裁庭室"),
    "enabled": _("启用仲裁庭室"),
}


def register() -> None:
    from renshe.core import eventkinds

    from .models import DisputeCase, HearingRoom

    eventkinds.register_kinds("dispute", _("劳动争议"), EVENT_KINDS)
    eventkinds.register_subject(DisputeCase, eventkinds.by_field(DisputeCase, "number", "/disputes/{pk}/"))
    eventkinds.register_kinds("hearing_room", _("仲裁庭室"), ROOM_EVENT_KINDS)
    eventkinds.register_subject(
        HearingRoom, eventkinds.by_field(HearingRoom, "name", "/disputes/arbitration/rooms/{pk}/")
    )
