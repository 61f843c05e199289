"""How events and tasks point at any record: its content type and its primary key as text."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model


def subject_of(record: Model) -> dict:
    """Lookup/field values for the generic reference, e.g. Event.objects.filter(**subject_of(case))."""
    return {"subject_type": ContentType.objects.get_for_model(record), "subject_id": str(record.pk)}
