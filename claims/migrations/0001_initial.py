"""The models moved here from `profiles` keep their tables: state only, no data migration."""


import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def _content_types_moved(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="profiles", model__in=['claim', 'claimevent']).update(app_label="claims")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('profiles', '0004_models_moved_out'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Claim',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('status', models.CharField(choices=[('pending', 'Pending review'), ('needs_evidence', 'Needs more evidence'), ('approved', 'Approved'), ('rejected', 'Rejected'), ('withdrawn', 'Withdrawn'), ('disputed', 'Disputed')], default='pending', max_length=20)),
                        ('orcid', models.CharField(blank=True, max_length=19, verbose_name='ORCID iD')),
                        ('orcid_verified', models.BooleanField(default=False, help_text='The claimant signed in with ORCID and this is the iD ORCID returned.', verbose_name='ORCID iD proven by sign-in')),
                        ('email', models.EmailField(blank=True, max_length=254, verbose_name='institutional email')),
                        ('email_confirmed_at', models.DateTimeField(blank=True, null=True)),
                        ('links', models.JSONField(blank=True, default=list)),
                        ('note', models.TextField(blank=True)),
                        ('decision_note', models.TextField(blank=True)),
                        ('decided_at', models.DateTimeField(blank=True, null=True)),
                        ('created', models.DateTimeField(auto_now_add=True)),
                        ('updated', models.DateTimeField(auto_now=True)),
                        ('decided_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='claims_decided', to=settings.AUTH_USER_MODEL)),
                        ('researcher', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='claims', to='profiles.researcher')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='claims', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'profiles_claim',
                        'ordering': ['-created'],
                    },
                ),
                migrations.CreateModel(
                    name='ClaimEvent',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('status_from', models.CharField(blank=True, choices=[('pending', 'Pending review'), ('needs_evidence', 'Needs more evidence'), ('approved', 'Approved'), ('rejected', 'Rejected'), ('withdrawn', 'Withdrawn'), ('disputed', 'Disputed')], max_length=20)),
                        ('status_to', models.CharField(choices=[('pending', 'Pending review'), ('needs_evidence', 'Needs more evidence'), ('approved', 'Approved'), ('rejected', 'Rejected'), ('withdrawn', 'Withdrawn'), ('disputed', 'Disputed')], max_length=20)),
                        ('note', models.TextField(blank=True)),
                        ('created', models.DateTimeField(auto_now_add=True)),
                        ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('claim', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='events', to='claims.claim')),
                    ],
                    options={
                        'db_table': 'profiles_claimevent',
                        'ordering': ['created', 'id'],
                    },
                ),
                migrations.AddIndex(
                    model_name='claim',
                    index=models.Index(fields=['status', 'created'], name='claim_status'),
                ),
                migrations.AddConstraint(
                    model_name='claim',
                    constraint=models.UniqueConstraint(condition=models.Q(('status', 'approved')), fields=('researcher',), name='claim_one_approved_per_researcher'),
                ),
                migrations.AddConstraint(
                    model_name='claim',
                    constraint=models.UniqueConstraint(condition=models.Q(('status', 'approved')), fields=('user',), name='claim_one_approved_per_user'),
                ),
                migrations.AddConstraint(
                    model_name='claim',
                    constraint=models.UniqueConstraint(condition=models.Q(('status__in', ['pending', 'needs_evidence', 'disputed'])), fields=('user', 'researcher'), name='claim_one_open_per_user_and_record'),
                ),
            ],
        ),
        # Keep the content types (and so curators' permissions and admin history).
        migrations.RunPython(_content_types_moved, migrations.RunPython.noop),
    ]
