"""一企一档: the enterprise page is assembled from sections that each module registers.

A module adds its section in its AppConfig.ready():

    enterprise_file.register(Section("disputes", _("劳动争议"), rows_for_enterprise))

where `rows_for_enterprise(enterprise, user)` returns a list of `SectionRow`. Sections whose module has
not been built yet are declared here so the page shows where they will appear.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .models import Enterprise, User


@dataclass(frozen=True)
class SectionRow:
    label: str
    detail: str = ""
    url: str = ""
    date: str = ""


@dataclass
class Section:
    key: str
    title: str | Promise
    rows: Callable[..., list[SectionRow]] | None = None
    empty_text: str | Promise = field(default=_("暂无记录"))


SECTIONS: dict[str, Section] = {}


def register(section: Section) -> None:
    SECTIONS[section.key] = section


for _key, _title in (
    ("disputes", _("劳动争议")),
    ("inspections", _("劳动保障监察")),
    ("warnings", _("欠薪预警")),
    ("certificates", _("职业技能等级证书")),
    ("talents", _("技能人才")),
):
    register(Section(_key, _title, None, _("该业务模块尚未启用")))


def sections_for(enterprise: Enterprise, user: User) -> list[tuple[Section, list[SectionRow]]]:
    return [(s, s.rows(enterprise, user) if s.rows else []) for s in SECTIONS.values()]
