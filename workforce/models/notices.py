"""The in-app copy of each notification e-mail: one row per person told, read or not."""

from django.conf import settings
from django.db import models


class Notice(models.Model):
    """What a person was told about a claim, and when they marked it read."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    claim = models.ForeignKey("workforce.Claim", on_delete=models.CASCADE, related_name="+")
    subject = models.CharField(max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"], name="notice_unread")]

    def __str__(self):
        return self.subject
