"""Restore an archive of `manage.py backup` into the configured database and MEDIA_ROOT, then
check each table's rows against the archive's manifest (`make restore BACKUP=…`; exit status 1
when they differ; docs/OPERATIONS.md)."""

import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.utils.translation import gettext as _

from committees.backup import BackupError, Restored, backup_restore


class Command(BaseCommand):
    help = "Restore a backup archive into the configured database and media folder, then check the row counts."

    def add_arguments(self, parser) -> None:
        parser.add_argument("archive", nargs="?", help="The archive (make restore BACKUP=path).")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace what the database and the media folder hold (make restore FORCE=1).",
        )

    def handle(self, *args, **options) -> None:
        if not options["archive"]:
            raise CommandError(_("Name the archive to restore: make restore BACKUP=path"))
        try:
            restored = backup_restore(archive=Path(options["archive"]), force=options["force"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        except DatabaseError as exc:
            raise CommandError(_("The database could not be reached: %(error)s") % {"error": exc}) from exc
        self._report(restored)
        if restored.mismatched or restored.media_files != restored.manifest["media"]["files"]:
            raise CommandError(_("The restored rows differ from the archive's manifest."))

    def _report(self, restored: Restored) -> None:
        manifest = restored.manifest
        taken = datetime.datetime.fromisoformat(manifest["created_at"])
        self.stdout.write(_("Restored the backup of %(when)s.") % {"when": f"{taken:%Y-%m-%d %H:%M:%S}"})
        if restored.media_replaced:
            self.stdout.write(
                _("The media folder that was there is kept as %(path)s.") % {"path": restored.media_replaced}
            )
        for name in restored.mismatched:
            found = {"table": name, "expected": manifest["tables"][name], "found": restored.counts[name]}
            if found["found"] is None:
                self.stderr.write(
                    _("%(table)s: %(expected)d rows in the manifest; the restored database lacks the table.") % found
                )
            else:
                self.stderr.write(_("%(table)s: %(expected)d rows in the manifest, %(found)d restored.") % found)
        if restored.media_files != manifest["media"]["files"]:
            self.stderr.write(
                _("Media files: %(expected)d in the manifest, %(found)d restored.")
                % {"expected": manifest["media"]["files"], "found": restored.media_files}
            )
        if not restored.mismatched and restored.media_files == manifest["media"]["files"]:
            self.stdout.write(
                self.style.SUCCESS(
                    _("Row counts match the manifest: %(tables)d tables, %(rows)d rows; %(files)d media files.")
                    % {
                        "tables": len(restored.counts),
                        "rows": sum(manifest["tables"].values()),
                        "files": restored.media_files,
                    }
                )
            )
        if restored.migrations_to_apply:
            self.stdout.write(
                _("This code has %(count)d migrations the restored database lacks: run manage.py migrate.")
                % {"count": restored.migrations_to_apply}
            )
