"""The audit log: logins, failed logins, lockouts, unlocks and every download, kept for reading."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import pgettext_lazy

from .tree import Committee


class AuditKind(models.TextChoices):
    LOGIN = "login", pgettext_lazy("audit", "Logged in")
    LOGIN_FAILED = "login_failed", pgettext_lazy("audit", "Failed login")
    LOCKOUT = "lockout", pgettext_lazy("audit", "Locked out")
    UNLOCK = "unlock", pgettext_lazy("audit", "Unlocked")
    DOWNLOAD = "download", pgettext_lazy("audit", "Download")


class AuditEvent(models.Model):
    """One thing a user did that the district wants on record: written by committees.audit only."""

    kind = models.CharField(pgettext_lazy("audit", "event"), max_length=20, choices=AuditKind.choices)
    at = models.DateTimeField(pgettext_lazy("audit", "time"), default=timezone.now)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("audit", "user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_events",
    )
    # The name as typed: a failed login may name no user, or one that does not exist.
    username = models.CharField(pgettext_lazy("audit", "user name"), max_length=150, blank=True)
    ip_address = models.GenericIPAddressField(pgettext_lazy("audit", "IP address"), null=True, blank=True)
    committee = models.ForeignKey(
        Committee,
        verbose_name=pgettext_lazy("audit", "scope"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    detail = models.CharField(pgettext_lazy("audit", "detail"), max_length=255, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["-at"], name="audit_at"),
            models.Index(fields=["kind", "-at"], name="audit_kind_at"),
            models.Index(fields=["username", "-at"], name="audit_username_at"),
        ]
        verbose_name = pgettext_lazy("audit", "audit event")
        verbose_name_plural = pgettext_lazy("audit", "audit events")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.kind} {self.username}"
