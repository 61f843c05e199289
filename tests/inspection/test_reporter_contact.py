"""A reporter's contact is personal data: encrypted at rest like a Person's numbers (core/protection.py)."""

from django.db import connection

from renshe.core.protection import is_token
from renshe.inspection.models import Report


def test_a_reporters_contact_is_stored_encrypted_and_read_back_in_full(complain):
    report = complain(kind="report", reporter_contact="13912345678")
    with connection.cursor() as cursor:
        cursor.execute("SELECT reporter_contact FROM inspection_report WHERE id = %s", [report.pk])
        (stored,) = cursor.fetchone()
    assert "13912345678" not in stored and is_token(stored)
    assert Report.objects.get(pk=report.pk).reporter_contact == "13912345678"
