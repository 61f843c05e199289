"""Case numbers: readable, unique per organisation, series and year, safe under concurrency."""

import threading

import pytest
from django.db import connection

from renshe.core.numbering import next_case_number

pytestmark = pytest.mark.django_db


def test_numbers_count_up_per_organisation_series_and_year(world):
    centre, studio = world.orgs["zj_centre"], world.orgs["zj_studio"]
    assert next_case_number(centre, "dispute", year=2026) == "张江调〔2026〕0001号"
    assert next_case_number(centre, "dispute", year=2026) == "张江调〔2026〕0002号"
    assert next_case_number(centre, "dispute", year=2027) == "张江调〔2027〕0001号"
    assert next_case_number(centre, "inspection", year=2026, prefix="张江监") == "张江监〔2026〕0001号"
    assert next_case_number(studio, "dispute", year=2026) == "江心调〔2026〕0001号"


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_concurrent_callers_never_get_the_same_number(world):
    if connection.vendor != "postgresql":
        pytest.skip("row-level locking is what this proves; it needs PostgreSQL")
    centre = world.orgs["zj_centre"]
    numbers, errors = [], []

    def issue():
        try:
            for _ in range(10):
                numbers.append(next_case_number(centre, "dispute", year=2030))
        except Exception as error:  # noqa: BLE001 - collected and asserted below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(numbers) == 80 and len(set(numbers)) == 80
    assert max(numbers) == "张江调〔2030〕0080号"
