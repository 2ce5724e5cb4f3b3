"""CollaborationEdge moved to works (its one write path); the table stays (state only)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('graph', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(
                    name='CollaborationEdge',
                ),
            ],
        ),
    ]
