"""The models moved here from `graph` keep their tables: state only, no data migration."""


import django.db.models.deletion
from django.db import migrations, models


def _content_types_moved(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="graph", model__in=['collaborationedge']).update(app_label="works")


class Migration(migrations.Migration):

    dependencies = [
        ('graph', '0002_edge_moved_to_works'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('profiles', '0004_models_moved_out'),
        ('works', '0003_import_keys'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='CollaborationEdge',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('shared_works', models.PositiveIntegerField()),
                        ('first_year', models.PositiveSmallIntegerField(blank=True, null=True)),
                        ('last_year', models.PositiveSmallIntegerField(blank=True, null=True)),
                        ('researcher_a', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='profiles.researcher')),
                        ('researcher_b', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='profiles.researcher')),
                    ],
                    options={
                        'db_table': 'graph_collaborationedge',
                        'indexes': [models.Index(fields=['researcher_a', '-shared_works'], name='edge_a_strength'), models.Index(fields=['researcher_b', '-shared_works'], name='edge_b_strength')],
                        'constraints': [models.CheckConstraint(condition=models.Q(('researcher_a__lt', models.F('researcher_b'))), name='edge_ordered_pair'), models.UniqueConstraint(fields=('researcher_a', 'researcher_b'), name='edge_unique_pair'), models.CheckConstraint(condition=models.Q(('shared_works__gte', 1)), name='edge_shares_a_work')],
                    },
                ),
            ],
        ),
        # Keep the content types (and so curators' permissions and admin history).
        migrations.RunPython(_content_types_moved, migrations.RunPython.noop),
    ]
