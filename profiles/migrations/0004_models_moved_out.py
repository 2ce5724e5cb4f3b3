"""Claims, follows and conversations moved to their own apps; their tables stay (state only)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('profiles', '0003_researcher_name_keys'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='claimevent',
                    name='claim',
                ),
                migrations.RemoveField(
                    model_name='claimevent',
                    name='actor',
                ),
                migrations.RemoveField(
                    model_name='conversation',
                    name='initiator',
                ),
                migrations.RemoveField(
                    model_name='conversation',
                    name='owner',
                ),
                migrations.RemoveField(
                    model_name='conversation',
                    name='researcher',
                ),
                migrations.RemoveField(
                    model_name='conversation',
                    name='work',
                ),
                migrations.RemoveField(
                    model_name='message',
                    name='conversation',
                ),
                migrations.RemoveField(
                    model_name='follow',
                    name='researcher',
                ),
                migrations.RemoveField(
                    model_name='follow',
                    name='user',
                ),
                migrations.RemoveField(
                    model_name='institutionfollow',
                    name='institution',
                ),
                migrations.RemoveField(
                    model_name='institutionfollow',
                    name='user',
                ),
                migrations.RemoveField(
                    model_name='message',
                    name='sender',
                ),
                migrations.RemoveField(
                    model_name='topicfollow',
                    name='topic',
                ),
                migrations.RemoveField(
                    model_name='topicfollow',
                    name='user',
                ),
                migrations.DeleteModel(
                    name='Claim',
                ),
                migrations.DeleteModel(
                    name='ClaimEvent',
                ),
                migrations.DeleteModel(
                    name='Conversation',
                ),
                migrations.DeleteModel(
                    name='Follow',
                ),
                migrations.DeleteModel(
                    name='InstitutionFollow',
                ),
                migrations.DeleteModel(
                    name='Message',
                ),
                migrations.DeleteModel(
                    name='TopicFollow',
                ),
            ],
        ),
    ]
