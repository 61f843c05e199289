"""A named reporter (举报) leaves the person register (条例 第九条: 为举报人保密): their name, ID number and phone
move onto the report, and a person who was only ever a reporter (no other row names them) is removed with
their open workbench tasks. Their timeline events stay: the timeline is append-only and sealed. A complaint's
worker is a party and stays a person. Backwards, the reporter is a person again (found by ID, or registered)."""

from django.db import migrations, models

import renshe.core.protection
from renshe.core import identity


def _links_to_people(apps) -> list[tuple[type, str]]:
    """Every foreign key and many-to-many field to Person, of every app's models, as (model, field name)."""
    return [
        (model, field.name)
        for model in apps.get_models()
        for field in [*model._meta.local_fields, *model._meta.local_many_to_many]
        if field.is_relation and getattr(field.related_model, "_meta", None)
        and field.related_model._meta.label_lower == "core.person"
    ]


def _still_named(person, links, IssuedDocument, person_type) -> bool:
    """Whether any row besides a report's reporter names the person, or a document was issued about them."""
    for model, name in links:
        rows = model._base_manager.filter(**{name: person})
        if model._meta.label_lower == "inspection.report":
            rows = rows.exclude(kind="report")
        if rows.exists():
            return True
    return IssuedDocument.objects.filter(subject_type=person_type, subject_id=str(person.pk)).exists()


def off_the_register(apps, schema_editor):
    Report, Person = apps.get_model("inspection", "Report"), apps.get_model("core", "Person")
    ContentType = apps.get_model("contenttypes", "ContentType")
    IssuedDocument, WorkItem = apps.get_model("core", "IssuedDocument"), apps.get_model("core", "WorkItem")
    person_type = ContentType.objects.filter(app_label="core", model="person").first()
    reports = Report.objects.filter(kind="report", reporter__isnull=False).select_related("reporter")
    people, links = {}, _links_to_people(apps)
    for report in reports:
        person = people.setdefault(report.reporter_id, report.reporter)
        report.reporter_name, report.reporter_id_number = person.name, person.id_number
        report.reporter_phone, report.reporter = person.phone, None
        report.save(update_fields=["reporter_name", "reporter_id_number", "reporter_phone", "reporter"])
    for person in people.values():
        if _still_named(person, links, IssuedDocument, person_type):
            continue
        if person_type is not None:
            WorkItem.objects.filter(subject_type=person_type, subject_id=str(person.pk)).delete()
        person.delete()


def onto_the_register(apps, schema_editor):
    Report, Person = apps.get_model("inspection", "Report"), apps.get_model("core", "Person")
    for report in Report.objects.filter(kind="report").exclude(reporter_name=""):
        citizen = identity.parse_citizen_id(report.reporter_id_number)
        digests = Person._meta.get_field("id_number").digests(citizen.number)
        person = Person.objects.filter(id_number_digest__in=digests).first() or Person.objects.create(
            id_number=citizen.number,
            name=report.reporter_name,
            sex=citizen.sex,
            birth_date=citizen.birth_date,
            phone=report.reporter_phone,
            organisation_id=report.case.organisation_id,
        )
        report.reporter = person
        report.save(update_fields=["reporter"])
    _check_now(schema_editor)


def _check_now(schema_editor):
    """Going back, this migration's columns are dropped right after these rows change: PostgreSQL refuses to
    alter a table with foreign-key checks still deferred, so they run here."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):
    dependencies = [("inspection", "0002_protect_reporter_contact"), ("core", "0008_issued_documents"), ("contenttypes", "0002_remove_content_type_name")]

    operations = [
        migrations.AddField(
            model_name="report",
            name="reporter_name",
            field=models.CharField(blank=True, max_length=50, verbose_name="举报人姓名"),
        ),
        migrations.AddField(
            model_name="report",
            name="reporter_id_number",
            field=renshe.core.protection.EncryptedCharField(blank=True, max_length=18, verbose_name="举报人身份证号码"),
        ),
        migrations.AddField(
            model_name="report",
            name="reporter_phone",
            field=renshe.core.protection.EncryptedCharField(blank=True, max_length=20, verbose_name="举报人电话"),
        ),
        migrations.AlterField(
            model_name="report",
            name="reporter",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=models.deletion.PROTECT,
                to="core.person",
                verbose_name="投诉人",
            ),
        ),
        migrations.RunPython(off_the_register, onto_the_register, elidable=False),
    ]
