"""Uploaded workbooks: read within the size limit (SizeLimitHandler, for every upload page), and
kept between the preview and the confirm, under MEDIA_ROOT/imports/.

The session (or a background job's params) holds only the random file name; the bytes stay
on disk, not in the session. A file goes once its import is applied or refused, and files
left behind by a preview that was never confirmed go after a day.
"""

from __future__ import annotations

import datetime
import re
import secrets

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.utils import timezone

FOLDER = "imports"
NAME = re.compile(r"^[A-Za-z0-9_-]{32}\.xlsx$")
KEEP_FOR = datetime.timedelta(days=1)
MULTIPART_SLACK = 64 * 1024  # the form's other fields and the multipart boundaries


def upload_keep(data: bytes) -> str:
    """Store the bytes under a new random name and return the name."""
    name = f"{secrets.token_urlsafe(24)}.xlsx"
    default_storage.save(f"{FOLDER}/{name}", ContentFile(data))
    return name


def upload_read(name: str) -> bytes | None:
    """The kept bytes, or None when the name is not one of ours or the file is gone."""
    if not NAME.match(name or "") or not default_storage.exists(f"{FOLDER}/{name}"):
        return None
    with default_storage.open(f"{FOLDER}/{name}", "rb") as file:
        return file.read()


def upload_delete(name: str) -> None:
    if NAME.match(name or ""):
        default_storage.delete(f"{FOLDER}/{name}")


def uploads_prune(*, older_than: datetime.timedelta = KEEP_FOR) -> int:
    """Delete kept files older than `older_than`; return how many went."""
    if not default_storage.exists(FOLDER):
        return 0
    cutoff = timezone.now() - older_than
    gone = 0
    for name in default_storage.listdir(FOLDER)[1]:
        if NAME.match(name) and default_storage.get_modified_time(f"{FOLDER}/{name}") < cutoff:
            default_storage.delete(f"{FOLDER}/{name}")
            gone += 1
    return gone


class SizeLimitHandler(FileUploadHandler):
    """Stop reading an upload once it passes the limit: the rest is skipped, never stored."""

    def __init__(self, request, limit: int):
        super().__init__(request)
        self.limit, self.received, self.request_length = limit, 0, 0

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.request_length = content_length or 0

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        if self.request_length > self.limit + MULTIPART_SLACK:
            self._refuse()

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            self._refuse()
        return raw_data

    def file_complete(self, file_size):
        return None

    def _refuse(self):
        self.request.upload_too_large = True
        raise StopUpload(connection_reset=False)  # skip the rest of the body, then answer
