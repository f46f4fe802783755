from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class TableChange(models.Model):
    """Writes to a table, counted by the database's triggers on the tables committees.kept keeps
    results of (committees.kept.create_triggers), whoever writes: a kept count is given again
    while its tables' counts read the same.

    PostgreSQL adds a row of weight 1 each write statement, so that concurrent writers never wait
    on one another's row (one counter row a table would serialise them, and deadlock two that
    wait on each other's rows of the table as well); committees.kept folds a table's rows into
    one now and then. SQLite, whose writers are serialised anyway, adds one to the table's last
    row each row written."""

    table = models.CharField(max_length=63)
    weight = models.PositiveBigIntegerField(default=1)

    class Meta:
        verbose_name = _("table change")
        default_permissions = ()
        indexes = [models.Index(fields=["table"], name="tablechange_table")]

    def __str__(self) -> str:
        return f"{self.table}: {self.weight}"
