"""Recorded text (timeline entries, tasks) is kept in the bureau's language and shown in the reader's."""

from django.utils import translation

from renshe.core.models import Enterprise, Industry
from renshe.core.recorded import in_reader_language
from renshe.core.services import official


def test_a_recorded_entry_reads_in_english_with_its_values_as_recorded():
    entry = official(
        "群体性欠薪案件（%(n)d人，%(amount)s元）：%(name)s", n=12, amount="9,600.00", name="上海某公司"
    )
    assert entry == "群体性欠薪案件（12人，9,600.00元）：上海某公司"  # as stored, whatever the screen
    with translation.override("en"):
        assert in_reader_language(entry) == "Group wage-arrears case (12 workers, 9,600.00 yuan): 上海某公司"
        assert (
            in_reader_language("调解协议已全部履行，结案")
            == "Mediation agreement performed in full; case closed"
        )
        assert in_reader_language("某人手写的备注") == "某人手写的备注"  # no message: as recorded
    with translation.override("zh-hans"):
        assert in_reader_language(entry) == entry


def test_a_timeline_on_an_english_page_reads_in_english(login, world):
    enterprise = Enterprise.objects.order_by("pk").first()
    assert enterprise is not None
    body = login("admin", language="en").get(f"/enterprises/{enterprise.pk}/").content.decode()
    assert f"Enterprise registered: {enterprise.name}" in body
    body = login("admin").get(f"/enterprises/{enterprise.pk}/").content.decode()
    assert f"登记企业：{enterprise.name}" in body


def test_industry_names_follow_the_language(world):
    manufacturing = Industry.objects.get(code="C")
    with translation.override("en"):
        assert str(manufacturing) == "C Manufacturing"
        assert Industry.objects.get(code="39").label.startswith("Manufacture of computers")
    with translation.override("zh-hans"):
        assert str(manufacturing) == "C 制造业"
