"""The archive: `manifest.json`, the database's file (databases.py) and `media/`, a tar.gz named
for the time it was taken (xishan-YYYYmmdd-HHMMSS.tar.gz, Asia/Shanghai), written beside its
final name and renamed once complete, so that a backup cut short never looks like one."""

from __future__ import annotations

import io
import json
import os
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from django.utils.translation import gettext as _

from .databases import (
    BackupError,
    check_vendor,
    database_dump,
    database_restore,
    held_data,
    table_counts,
    vendor_name,
)

MANIFEST = "manifest.json"
MEDIA = "media"
FORMAT = 1


def _git_commit() -> str | None:
    try:
        done = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=10
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return (done.stdout.strip() or None) if done.returncode == 0 else None


def _media_files(root: Path) -> list[Path]:
    return sorted(path for path in root.rglob("*") if path.is_file() and not path.is_symlink()) if root.is_dir() else []


def _free_name(folder: Path, stem: str, suffix: str = "") -> Path:
    """folder/stem+suffix, or stem-2, stem-3 … when taken (two backups within a second)."""
    target, number = folder / f"{stem}{suffix}", 1
    while target.exists():
        number += 1
        target = folder / f"{stem}-{number}{suffix}"
    return target


def _add_media(tar: tarfile.TarFile, root: Path) -> dict[str, int]:
    """The media files as they are now (one removed meanwhile is left out)."""
    files = size = 0
    for path in _media_files(root):
        try:
            tar.add(path, arcname=f"{MEDIA}/{path.relative_to(root).as_posix()}")
        except FileNotFoundError:
            continue
        files, size = files + 1, size + path.stat().st_size
    return {"files": files, "bytes": size}


def backup_create(*, folder: Path) -> tuple[Path, dict]:
    """Write an archive of the configured database and MEDIA_ROOT into `folder`; return its path
    and its manifest."""
    check_vendor()
    folder.mkdir(parents=True, exist_ok=True)
    taken = timezone.localtime()
    target = _free_name(folder, f"xishan-{taken:%Y%m%d-%H%M%S}", ".tar.gz")
    partial = target.with_name(f".{target.name}.partial")
    with tempfile.TemporaryDirectory(dir=folder, prefix=".backup-") as work:
        snapshot = database_dump(Path(work))
        try:
            with tarfile.open(partial, "w:gz") as tar:
                tar.add(Path(work) / snapshot.file, arcname=snapshot.file)
                media = _add_media(tar, Path(settings.MEDIA_ROOT))
                manifest = {
                    "format": FORMAT,
                    "created_at": taken.isoformat(timespec="seconds"),
                    "vendor": connection.vendor,
                    "server_version": snapshot.server_version,
                    "database_file": snapshot.file,
                    "git_commit": _git_commit(),
                    "migrations": snapshot.migrations,
                    "tables": snapshot.tables,
                    "media": media,
                }
                _add_bytes(tar, MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8"))
            partial.chmod(0o600)  # it holds the users' password hashes and personal data
            os.replace(partial, target)
        finally:
            partial.unlink(missing_ok=True)
    return target, manifest


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = len(data), int(timezone.now().timestamp()), 0o644
    tar.addfile(info, io.BytesIO(data))


def _plain_members(tar: tarfile.TarFile, into: Path) -> list[tarfile.TarInfo]:
    """The archive's members, each a plain file or folder whose path stays inside `into` (what a
    backup holds): a link, a device or a path outside refuses the whole archive, on any Python
    (tarfile's "data" filter, which refuses them too, came with Python 3.11.4)."""
    root = into.resolve()
    members = tar.getmembers()
    for member in members:
        target = (root / member.name).resolve()
        if not (member.isfile() or member.isdir()) or (target != root and root not in target.parents):
            raise tarfile.TarError(member.name)
    return members


def _unpack(archive: Path, into: Path) -> dict:
    try:
        with tarfile.open(archive, "r:*") as tar:
            members = _plain_members(tar, into)
            if hasattr(tarfile, "data_filter"):  # Python 3.11.4 and later check again as they extract
                tar.extractall(into, members=members, filter="data")
            else:
                tar.extractall(into, members=members)
        manifest = json.loads((into / MANIFEST).read_text(encoding="utf-8"))
        if manifest.get("format") != FORMAT or not (into / manifest["database_file"]).is_file():
            raise ValueError(manifest.get("format"))
    except (OSError, tarfile.TarError, ValueError, KeyError) as exc:
        raise BackupError(_("%(path)s is not a backup archive of the portal.") % {"path": archive}) from exc
    return manifest


@dataclass(frozen=True)
class Restored:
    manifest: dict
    counts: dict[str, int | None]  # rows per table of the manifest, in the restored database
    mismatched: list[str]  # the tables whose rows differ from the manifest's
    media_files: int
    media_replaced: Path | None  # where the media folder that was there went
    migrations_to_apply: int  # migrations of this code the restored database lacks


def _refuse_held_data(media_root: Path) -> None:
    held = [_("%(count)d %(what)s") % {"count": count, "what": what} for what, count in held_data().items()]
    if media_files := len(_media_files(media_root)):
        held.append(_("%(count)d media files") % {"count": media_files})
    if held:
        raise BackupError(
            _(
                "The target already holds data (%(held)s), which a restore would replace. To replace it, "
                "restore with FORCE=1 (manage.py restore --force)."
            )
            % {"held": _(", ").join(held)}
        )


def _media_restore(unpacked: Path, media_root: Path) -> Path | None:
    """Put the archive's media folder in MEDIA_ROOT's place; a folder with files that was there
    is kept beside it (media.replaced-YYYYmmdd-HHMMSS), not deleted."""
    replaced = None
    if media_root.is_dir() and any(media_root.iterdir()):
        replaced = _free_name(media_root.parent, f"{media_root.name}.replaced-{timezone.localtime():%Y%m%d-%H%M%S}")
        media_root.rename(replaced)
    elif media_root.is_dir():
        media_root.rmdir()
    if unpacked.is_dir():
        unpacked.rename(media_root)
    else:
        media_root.mkdir(parents=True)
    return replaced


def _migrations_to_apply() -> int:
    executor = MigrationExecutor(connection)
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def backup_restore(*, archive: Path, force: bool = False) -> Restored:
    """Restore an archive into the configured database and MEDIA_ROOT, then count each table's
    rows against the manifest."""
    check_vendor()
    if not archive.is_file():
        raise BackupError(_("There is no file %(path)s.") % {"path": archive})
    media_root = Path(settings.MEDIA_ROOT)
    media_root.parent.mkdir(parents=True, exist_ok=True)
    # Unpacked beside MEDIA_ROOT: the media folder then moves into place by a rename.
    with tempfile.TemporaryDirectory(dir=media_root.parent, prefix=".restore-") as work:
        manifest = _unpack(archive, Path(work))
        if manifest["vendor"] != connection.vendor:
            raise BackupError(
                _("The archive holds a %(archived)s database; the configured one is %(configured)s.")
                % {"archived": vendor_name(manifest["vendor"]), "configured": vendor_name(connection.vendor)}
            )
        if not force:
            _refuse_held_data(media_root)
        database_restore(Path(work) / manifest["database_file"])
        replaced = _media_restore(Path(work) / MEDIA, media_root)
    counts = table_counts(list(manifest["tables"]))
    return Restored(
        manifest=manifest,
        counts=counts,
        mismatched=[name for name, rows in manifest["tables"].items() if counts[name] != rows],
        media_files=len(_media_files(media_root)),
        media_replaced=replaced,
        migrations_to_apply=_migrations_to_apply(),
    )
