"""Back up the database and the media files into one archive (`make backup`; docs/OPERATIONS.md)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.utils.translation import gettext as _

from committees.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "Back up the database and the media files into one archive (default folder: var/backups)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--dir", metavar="DIR", help="Write the archive into DIR (make backup BACKUP_DIR=DIR).")

    def handle(self, *args, **options) -> None:
        folder = Path(options["dir"]) if options["dir"] else Path(settings.VAR_DIR) / "backups"
        try:
            path, manifest = backup_create(folder=folder)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        except DatabaseError as exc:
            raise CommandError(_("The database could not be reached: %(error)s") % {"error": exc}) from exc
        self.stdout.write(str(path))
        self.stdout.write(
            self.style.SUCCESS(
                _("Backed up: %(tables)d tables, %(rows)d rows; %(files)d media files.")
                % {
                    "tables": len(manifest["tables"]),
                    "rows": sum(manifest["tables"].values()),
                    "files": manifest["media"]["files"],
                }
            )
        )
