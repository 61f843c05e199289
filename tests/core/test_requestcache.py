"""Small reads a page repeats are made once per request (core/requestcache.py): an edit of the list within
the request is seen; outside a request every read is fresh (a case page reading each code list once:
tests/disputes/test_case_page_forms.py)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from renshe.core.models import DictionaryEntry
from renshe.core.requestcache import RequestCacheMiddleware
from renshe.core.selectors import dictionary_choices


def dictionary_reads(captured) -> list[str]:
    """The code lists read (dictionary_choices' query), not an entry fetched or saved."""
    read = 'SELECT "core_dictionaryentry"."dictionary" AS "dictionary"'
    return [q["sql"] for q in captured.captured_queries if q["sql"].startswith(read)]


def test_within_a_request_an_edited_list_is_read_again_and_outside_one_every_read_is_fresh(world):
    seen = []

    def view(request):
        seen.append(dict(dictionary_choices("claim_type"))["overtime"])
        seen.append(dict(dictionary_choices("claim_type"))["overtime"])
        entry = DictionaryEntry.objects.get(dictionary="claim_type", code="overtime")
        entry.label = "加班费（改）"
        entry.save()
        seen.append(dict(dictionary_choices("claim_type"))["overtime"])

    with CaptureQueriesContext(connection) as captured:
        RequestCacheMiddleware(view)(None)
    assert seen[0] == seen[1] != seen[2] == "加班费（改）"
    assert len(dictionary_reads(captured)) == 2  # before the edit and after it

    with CaptureQueriesContext(connection) as captured:
        dictionary_choices("claim_type"), dictionary_choices("claim_type")
    assert len(dictionary_reads(captured)) == 2
