"""The models moved here from `profiles` keep their tables: state only, no data migration."""


import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def _content_types_moved(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="profiles", model__in=['conversation', 'message']).update(app_label="conversations")


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
                    name='Conversation',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('subject', models.CharField(max_length=200)),
                        ('status', models.CharField(choices=[('invited', 'Invited'), ('accepted', 'Accepted'), ('declined', 'Declined')], default='invited', max_length=20)),
                        ('created', models.DateTimeField(auto_now_add=True)),
                        ('updated', models.DateTimeField(auto_now=True)),
                        ('initiator', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='conversations_started', to=settings.AUTH_USER_MODEL)),
                        ('owner', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='conversations_received', to=settings.AUTH_USER_MODEL)),
                        ('researcher', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='conversations', to='profiles.researcher')),
                        ('work', models.ForeignKey(blank=True, help_text='The work the invitation is about, if any.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='works.work')),
                    ],
                    options={
                        'db_table': 'profiles_conversation',
                        'ordering': ['-updated'],
                    },
                ),
                migrations.CreateModel(
                    name='Message',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('body', models.TextField()),
                        ('created', models.DateTimeField(auto_now_add=True)),
                        ('read_at', models.DateTimeField(blank=True, null=True)),
                        ('conversation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='messages', to='conversations.conversation')),
                        ('sender', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'profiles_message',
                        'ordering': ['created'],
                    },
                ),
                migrations.AddIndex(
                    model_name='conversation',
                    index=models.Index(fields=['owner', '-updated'], name='conversation_owner'),
                ),
                migrations.AddIndex(
                    model_name='conversation',
                    index=models.Index(fields=['initiator', '-updated'], name='conversation_initiator'),
                ),
                migrations.AddConstraint(
                    model_name='conversation',
                    constraint=models.CheckConstraint(condition=models.Q(('initiator', models.F('owner')), _negated=True), name='conversation_not_with_self'),
                ),
                migrations.AddIndex(
                    model_name='message',
                    index=models.Index(fields=['conversation', 'created'], name='message_conversation'),
                ),
            ],
        ),
        # Keep the content types (and so curators' permissions and admin history).
        migrations.RunPython(_content_types_moved, migrations.RunPython.noop),
    ]
