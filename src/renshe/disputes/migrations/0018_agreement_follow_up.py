import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def carry_review_paths(apps, schema_editor):
    """An agreement's old review path becomes its application: a payment order to the court its Litigation
    row names, or a (joint) arbitral review; who recorded it is not known."""
    agreements = apps.get_model("disputes", "MediationAgreement")
    follow_ups = apps.get_model("disputes", "AgreementFollowUp")
    litigations = apps.get_model("disputes", "Litigation")
    rows = []
    for agreement in agreements.objects.exclude(review_path="").iterator():
        order = agreement.review_path == "payment_order"
        court = litigations.objects.filter(case_id=agreement.case_id).values_list("court", flat=True).first()
        rows.append(
            follow_ups(
                agreement_id=agreement.pk,
                kind="payment_order" if order else "arbitral_review",
                applied_on=agreement.review_applied_on or agreement.signed_on,
                authority=(court or "") if order else "",
                joint=not order,
            )
        )
    follow_ups.objects.bulk_create(rows, batch_size=1000)


class Migration(migrations.Migration):

    dependencies = [
        ("disputes", "0017_collective"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='mediationagreement',
            name='defaulted_on',
            field=models.DateField(blank=True, null=True, verbose_name='确认未履行日期'),
        ),
        migrations.CreateModel(
            name='AgreementFollowUp',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('payment_order', '支付令'), ('arbitral_review', '仲裁审查'), ('judicial_confirmation', '司法确认')], max_length=24, verbose_name='后续程序')),
                ('applied_on', models.DateField(verbose_name='申请日期')),
                ('authority', models.CharField(max_length=100, verbose_name='受理机关')),
                ('joint', models.BooleanField(default=False, verbose_name='双方共同申请')),
                ('result', models.CharField(blank=True, choices=[('issued', '法院发出支付令'), ('statement', '仲裁委员会出具调解书'), ('confirmed', '法院裁定调解协议有效'), ('rejected', '驳回申请')], max_length=10, verbose_name='结果')),
                ('decided_on', models.DateField(blank=True, null=True, verbose_name='结果日期')),
                ('agreement', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='follow_ups', to='disputes.mediationagreement')),
                ('recorded_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': '调解协议后续程序',
                'verbose_name_plural': '调解协议后续程序',
                'ordering': ['applied_on', 'id'],
                'constraints': [models.UniqueConstraint(fields=('agreement', 'kind'), name='one_follow_up_of_a_kind'), models.CheckConstraint(condition=models.Q(('kind', 'payment_order'), ('joint', True), _connector='OR'), name='follow_up_joint')],
            },
        ),
        migrations.RunPython(carry_review_paths, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name='mediationagreement',
            name='review_applied_on',
        ),
        migrations.RemoveField(
            model_name='mediationagreement',
            name='review_path',
        ),
    ]
