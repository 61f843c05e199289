"""A case page's action forms: the code lists their rows choose from are read once per request
(core/requestcache.py)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import builders
from tests.core.test_requestcache import dictionary_reads


def test_a_case_page_reads_the_code_lists_once(login, world, apply):
    """The agreement form's rows and the claims table asked for the claim types, the head for the case
    types: every code list is read in one query."""
    case = builders.mediating(world, apply(days_ago=3)[0])
    client = login("zj_centre")
    with CaptureQueriesContext(connection) as captured:
        page = client.get(f"/disputes/{case.pk}/").content.decode()
    assert 'data-action="settle"' in page and "劳动报酬" in page and "拖欠工资" in page
    reads = dictionary_reads(captured)
    assert len(reads) == 1
