"""The models moved here from `profiles` keep their tables: state only, no data migration."""


import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def _content_types_moved(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="profiles", model__in=['follow', 'topicfollow', 'institutionfollow']).update(app_label="follows")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('profiles', '0004_models_moved_out'),
        ('works', '0004_collaborationedge_from_graph'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Follow',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created', models.DateTimeField(auto_now_add=True)),
                        ('researcher', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='follows', to='profiles.researcher')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='follows', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'profiles_follow',
                        'indexes': [models.Index(fields=['researcher', '-created'], name='follow_researcher')],
                        'constraints': [models.UniqueConstraint(fields=('user', 'researcher'), name='follow_unique_pair')],
                    },
                ),
                migrations.CreateModel(
                    name='InstitutionFollow',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created', models.DateTimeField(auto_now_add=True)),
                        ('institution', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='follows', to='profiles.institution')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='institution_follows', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'profiles_institutionfollow',
                        'constraints': [models.UniqueConstraint(fields=('user', 'institution'), name='institution_follow_unique_pair')],
                    },
                ),
                migrations.CreateModel(
                    name='TopicFollow',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created', models.DateTimeField(auto_now_add=True)),
                        ('topic', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='follows', to='works.topic')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='topic_follows', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'profiles_topicfollow',
                        'constraints': [models.UniqueConstraint(fields=('user', 'topic'), name='topic_follow_unique_pair')],
                    },
                ),
            ],
        ),
        # Keep the content types (and so curators' permissions and admin history).
        migrations.RunPython(_content_types_moved, migrations.RunPython.noop),
    ]
