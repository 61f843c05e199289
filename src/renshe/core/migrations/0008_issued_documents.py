
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('core', '0007_drop_event_chain_head'),
    ]

    operations = [
        migrations.CreateModel(
            name='IssuedDocument',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('sha256', models.CharField(blank=True, max_length=64)),
                ('file_state', models.CharField(choices=[('pending', '保存中'), ('stored', '已保存'), ('failed', '未能保存')], default='pending', max_length=10, verbose_name='文件状态')),
                ('subject_id', models.CharField(max_length=40)),
                ('kind', models.CharField(max_length=60, verbose_name='文书')),
                ('version', models.PositiveIntegerField(verbose_name='版本')),
                ('title', models.CharField(max_length=200, verbose_name='文件名')),
                ('file', models.FileField(max_length=200, upload_to='documents/%Y/%m/', verbose_name='文件')),
                ('size', models.PositiveIntegerField()),
                ('template_version', models.CharField(max_length=20, verbose_name='模板版本')),
                ('issued_at', models.DateTimeField(verbose_name='签发时间')),
                ('reason', models.CharField(blank=True, max_length=300, verbose_name='更正原因')),
                ('issued_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='签发人')),
                ('replaces', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='replaced_by', to='core.issueddocument', verbose_name='更正的版本')),
                ('subject_type', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='contenttypes.contenttype')),
            ],
            options={
                'verbose_name': '已签发文书',
                'verbose_name_plural': '已签发文书',
                'ordering': ['subject_type', 'subject_id', 'kind', 'version'],
                'constraints': [models.UniqueConstraint(fields=('subject_type', 'subject_id', 'kind', 'version'), name='issued_document_one_per_version'), models.CheckConstraint(condition=models.Q(models.Q(('replaces__isnull', True), ('version', 1)), models.Q(('replaces__isnull', False), ('version__gt', 1)), _connector='OR'), name='issued_document_first_or_correction')],
            },
        ),
    ]
