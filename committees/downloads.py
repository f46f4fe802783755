"""The one response every download and export of the portal goes through.

It names the file safely (RFC 6266: an ASCII `filename` for old clients and the real name as
UTF-8 `filename*`; no character of a committee's name can break the header) and records the
download in the audit log: who, when, which committee's data, which file.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from typing import IO
from urllib.parse import quote

from django.http import FileResponse, HttpRequest, HttpResponse

from .audit import audit_record
from .models import AuditKind, Committee

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"  # the content type of a workbook

# Control characters (CR/LF among them) and path separators never reach a file name.
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f/\\]+")
_NOT_PLAIN = re.compile(r"[^A-Za-z0-9._-]+")


def safe_filename(name: str) -> str:
    """The name with control characters and path separators made spaces or underscores."""
    name = _UNSAFE.sub(lambda m: " " if m.group().isspace() else "_", name)
    return " ".join(name.split()) or "download"


def ascii_fallback(name: str) -> str:
    """A plain-ASCII stand-in for clients that don't read filename*: letters, digits, . _ -"""
    stem, _dot, suffix = name.rpartition(".") if "." in name else (name, "", "")
    ascii_stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    stem = _NOT_PLAIN.sub("_", ascii_stem).strip("_.-") or "download"
    suffix = _NOT_PLAIN.sub("", suffix.encode("ascii", "ignore").decode()).strip("._-")
    return f"{stem}.{suffix}" if suffix else stem


def content_disposition(filename: str) -> str:
    name = safe_filename(filename)
    fallback = ascii_fallback(name)
    if fallback == name:
        return f'attachment; filename="{name}"'
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


def download_name(
    committee: Committee | None,
    what: str,
    *,
    extension: str,
    year: int | None = None,
    day: datetime.date | None = None,
) -> str:
    """The name a download is saved under, in words: the committee's name, what the file is,
    the year or the day ("锡山区关工委调研报告-2023.xlsx", "人员-2026-12-06.xlsx" for a list
    across the reader's scope). Every download is named here, so that no code or English word
    of the program's reaches a file name; file_response makes it header-safe."""
    stem = f"{committee.name}{what}" if committee is not None else str(what)
    if year is not None:
        stem = f"{stem}-{year}"
    if day is not None:
        stem = f"{stem}-{day:%Y-%m-%d}"
    return f"{stem}.{extension}"


def file_response(
    request: HttpRequest,
    content: bytes | IO[bytes],
    filename: str,
    content_type: str,
    *,
    committee: Committee | None = None,
) -> HttpResponse:
    """An attachment of bytes or an open file, recorded in the audit log."""
    if isinstance(content, bytes):
        response: HttpResponse = HttpResponse(content, content_type=content_type)
    else:
        response = FileResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition(filename)
    audit_record(kind=AuditKind.DOWNLOAD, request=request, committee=committee, detail=safe_filename(filename))
    return response


_QUOTED_NAME = re.compile(r'filename="([^"]*)"')


def file_response_of(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """A file response built by a library (the django-admin's exports), named and audited the same way."""
    disposition = response.get("Content-Disposition", "")
    if response.status_code != 200 or not disposition.startswith("attachment"):
        return response
    found = _QUOTED_NAME.search(disposition)
    filename = found.group(1) if found else "download"
    response["Content-Disposition"] = content_disposition(filename)
    audit_record(kind=AuditKind.DOWNLOAD, request=request, detail=safe_filename(filename))
    return response
