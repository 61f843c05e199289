"""A case page's action forms: drawn by core/renderer.py as Django's templates draw them, to the byte; the
code lists their rows choose from read once per request (core/requestcache.py)."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import builders
from tests.core.test_requestcache import dictionary_reads


def test_a_case_page_with_its_action_forms_is_the_same_drawn_by_either(login, world, apply, settings):
    """A mediating case offers a dozen forms (the agreement's rows among them): the page is the same to the
    byte, apart from the masked CSRF tokens; a refused action's bound form too."""
    case = builders.mediating(world, apply(workers=2, days_ago=3)[0])
    client = login("zj_centre")

    def page(renderer: str, post: dict | None = None) -> str:
        settings.FORM_RENDERER = renderer
        if post is None:
            html = client.get(f"/disputes/{case.pk}/").content.decode()
        else:
            html = client.post(f"/disputes/{case.pk}/settle/", post).content.decode()
        return re.sub(r'(csrfmiddlewaretoken" value="|X-CSRFToken": ")[^"]+"', "", html)

    ours = page("renshe.core.renderer.Renderer")
    assert ours.count("<select") >= 2 and ours.count("<textarea") >= 2 and 'type="date"' in ours
    assert ours == page("django.forms.renderers.DjangoTemplates")

    refused = {"settle-version": str(case.version), "settle-terms": "", "settle-items-TOTAL_FORMS": "1"}
    refused |= {"settle-items-INITIAL_FORMS": "0", "settle-items-0-amount": "abc"}
    ours = page("renshe.core.renderer.Renderer", refused)
    assert "has-error" in ours
    assert ours == page("django.forms.renderers.DjangoTemplates", refused)


def test_a_case_page_reads_each_code_list_once(login, world, apply):
    """The agreement form's rows, the claims table and the case type each asked for a code list."""
    case = builders.mediating(world, apply(days_ago=3)[0])
    client = login("zj_centre")
    with CaptureQueriesContext(connection) as captured:
        page = client.get(f"/disputes/{case.pk}/").content.decode()
    assert 'data-action="settle"' in page and "劳动报酬" in page and "拖欠工资" in page
    reads = dictionary_reads(captured)
    assert len(reads) == 2 and sum("claim_type" in sql for sql in reads) == 1
