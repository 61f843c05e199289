"""A case page's action forms drawn by core/renderer.py are those Django's templates draw, to the byte."""

import re

from tests import builders


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
