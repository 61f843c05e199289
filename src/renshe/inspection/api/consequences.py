"""Consequences for the employer: transfer to the police (拒不支付劳动报酬罪, 刑法 第二百七十六条之一) and the
list of dishonest employers for wage arrears (拖欠农民工工资失信联合惩戒名单)."""

from .. import services
from .case import cases
from .schemas import CreditRepairIn, DishonestNoticeIn, ListingIn, PoliceIn

cases.transition(
    "police_transfer",
    "/{int:pk}/police-transfer",
    PoliceIn,
    services.transfer_to_police,
    "移送公安: criminal threshold met and a served order or decision not complied with",
)
cases.transition(
    "dishonest_listing",
    "/{int:pk}/dishonest-listing",
    ListingIn,
    services.list_as_dishonest,
    "拖欠农民工工资失信联合惩戒名单 (3 years), after the prior notice's defence period",
)
cases.transition(
    "dishonest_notice",
    "/{int:pk}/dishonest-notice",
    DishonestNoticeIn,
    services.notify_dishonest_listing,
    "Prior notice of listing, with the employer's defence period (人社部令第45号)",
)
cases.transition(
    "credit_repair",
    "/{int:pk}/dishonest-listing/removal",
    CreditRepairIn,
    services.remove_after_credit_repair,
    "信用修复: early removal 6 full months after correction, with a good-faith promise",
)
