"""Who follows which researcher, topic and institution."""

from django.conf import settings
from django.db import models

from profiles.models import Institution, Researcher
from works.models import Topic


class Follow(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    researcher = models.ForeignKey(Researcher, on_delete=models.CASCADE, related_name="follows")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "profiles_follow"  # created when it lived in profiles
        constraints = [
            models.UniqueConstraint(fields=["user", "researcher"], name="follow_unique_pair")
        ]
        indexes = [models.Index(fields=["researcher", "-created"], name="follow_researcher")]

    def __str__(self) -> str:
        return f"{self.user} follows {self.researcher}"


class TopicFollow(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="topic_follows"
    )
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="follows")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "profiles_topicfollow"  # created when it lived in profiles
        constraints = [
            models.UniqueConstraint(fields=["user", "topic"], name="topic_follow_unique_pair")
        ]

    def __str__(self) -> str:
        return f"{self.user} follows {self.topic}"


class InstitutionFollow(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="institution_follows"
    )
    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="follows")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "profiles_institutionfollow"  # created when it lived in profiles
        constraints = [
            models.UniqueConstraint(
                fields=["user", "institution"], name="institution_follow_unique_pair"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} follows {self.institution}"
