"""Dispute visibility: the handling organisation and the receiving centre see a case; nobody else does."""

from renshe.core.casework import version_of
from renshe.disputes import services
from renshe.disputes.selectors import disputes_for, enterprise_file_rows


def test_visibility_follows_the_case_through_referral_and_arbitration(world, apply):
    u = world.users
    case, _ = apply()
    case = services.accept_dispute(case, by=u["zj_centre"], version=version_of(case))
    assert not disputes_for(u["zj_village"]).filter(pk=case.pk).exists()
    case = services.refer_dispute(
        case, by=u["zj_centre"], to=world.orgs["village:环东村"], version=version_of(case)
    )
    assert disputes_for(u["zj_village"]).filter(pk=case.pk).exists()  # the receiving X organisation
    assert disputes_for(u["zj_centre"]).filter(pk=case.pk).exists()  # the centre keeps sight of it
    assert not disputes_for(u["zj_studio"]).filter(pk=case.pk).exists()  # a sibling does not
    assert not disputes_for(u["pt_caoyang"]).filter(pk=case.pk).exists()  # another district's street
    assert disputes_for(u["pd_admin"]).filter(pk=case.pk).exists()  # the district bureau's subtree


def test_enterprise_file_lists_the_disputes_the_user_may_see(world, apply, login):
    case, _ = apply()
    rows = enterprise_file_rows(case.respondent, world.users["zj_centre"])
    assert [r.label for r in rows] == [case.number]
    assert enterprise_file_rows(case.respondent, world.users["pt_caoyang"]) == []
    body = login("pd_admin").get(f"/enterprises/{case.respondent.pk}/").content.decode()
    assert case.number in body
