"""Backup and restore of the portal's data (`make backup`, `make restore BACKUP=…`;
docs/OPERATIONS.md): one archive holding the database (a SQLite copy or a PostgreSQL dump), the
media files (uploads kept between preview and confirm, compiled reports) and a manifest. A
restore refuses a database or media folder that holds data unless forced, and checks each
table's rows against the manifest."""

from .archive import Restored, backup_create, backup_restore
from .databases import BackupError

__all__ = ["BackupError", "Restored", "backup_create", "backup_restore"]
