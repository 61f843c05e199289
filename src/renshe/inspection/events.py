"""The timeline events this module writes (`inspection.<verb>`, services.TRAIL, and the employer's listing
on its file), as the operation log names them."""

from django.utils.translation import gettext_lazy as _

EVENT_KINDS = {
    "registered": _("登记投诉举报"),
    "linked": _("并案"),
    "accepted": _("受理立案"),
    "report_refused": _("不予受理"),
    "assigned": _("指派承办监察员"),
    "record": _("调查询问记录"),
    "extended": _("延长调查期限"),
    "claim": _("登记欠薪"),
    "payment": _("支付工资"),
    "advance": _("垫付工资"),
    "advance_repaid": _("归还垫付款"),
    "ordered": _("发出限期改正指令书"),
    "served": _("送达文书"),
    "compliance": _("履行情况"),
    "statement": _("陈述申辩"),
    "decided": _("作出行政处理决定"),
    "police": _("移送公安机关"),
    "dishonest_notice": _("告知拟列入失信联合惩戒名单"),
    "dishonest_removed": _("移出失信联合惩戒名单"),
    "penalty_notice": _("发出行政处罚告知书"),
    "hearing_requested": _("申请听证"),
    "hearing_held": _("举行听证"),
    "penalty_decided": _("作出行政处罚决定"),
    "meeting": _("召开协调会"),
    "meeting_task_done": _("协调会任务完成"),
    "site_check": _("交办网格现场核查"),
    "site_visit": _("网格现场核查情况"),
    "mediated": _("劳动者调解结案"),
    "to_arbitration": _("劳动者申请仲裁"),
    "closed": _("结案"),
    "revoked": _("撤销立案"),
    "tracking_locked": _("暂停网上查询"),
    "tracking_reopened": _("恢复网上查询"),
}


def register() -> None:
    from renshe.core import eventkinds

    from .models import InspectionCase

    eventkinds.register_kinds("inspection", _("劳动保障监察"), EVENT_KINDS)
    eventkinds.register_kinds(
        "enterprise",
        _("企业"),
        {
            "dishonest_listed": _("列入失信联合惩戒名单"),
            "dishonest_removed": _("移出失信联合惩戒名单"),
        },
    )
    eventkinds.register_subject(
        InspectionCase, eventkinds.by_field(InspectionCase, "number", "/inspection/{pk}/")
    )
