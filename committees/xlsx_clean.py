"""Uploaded XML without control characters, for openpyxl.

XML cannot carry control characters (`&#0;` or a raw NUL make the whole part unreadable), so the
archive (CleanXmlZip) hands openpyxl each XML part with every C0 control character swapped for a
noncharacter (U+FDD0 + code), and the rows swap them back (RESTORE): the reader then refuses the
text cell that holds one, like every other path that takes text (committees.validators).
"""

from __future__ import annotations

import io
import re
import zipfile

SENTINEL = 0xFDD0  # U+FDD0..U+FDEF: noncharacters, kept for a program's internal use
RAW_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# Only references to C0 controls but tab, LF and CR (openpyxl writes every Chinese character as one).
CONTROL_REFERENCE = re.compile(rb"&#(?:0*([0-8]|1[124-9]|2[0-9]|3[01])|[xX]0*([0-8bBcCeEfF]|1[0-9a-fA-F]));")
PARTIAL_REFERENCE = re.compile(rb"&#?[xX]?[0-9a-fA-F]{0,7}$")
RESTORE = {SENTINEL + code: code for code in range(32)}


def _sentinel(code: int) -> bytes:
    return chr(SENTINEL + code).encode()


def _swap_reference(match: re.Match) -> bytes:
    return _sentinel(int(match.group(1)) if match.group(1) else int(match.group(2), 16))


def clean_xml(chunk: bytes) -> bytes:
    chunk = RAW_CONTROL.sub(lambda m: _sentinel(m.group()[0]), chunk)
    return CONTROL_REFERENCE.sub(_swap_reference, chunk)


class CleanXmlStream(io.RawIOBase):
    """An archive entry read with its control characters swapped (a reference may span two reads)."""

    CHUNK = 64 * 1024

    def __init__(self, source):
        self.source, self.pending, self.ready, self.done, self.verbatim = source, b"", b"", False, None

    def readable(self) -> bool:
        return True

    def _fill(self) -> None:
        chunk = self.source.read(self.CHUNK)
        if self.verbatim is None:  # UTF-16 (a byte-order mark) has NUL bytes of its own: left as it is
            self.verbatim = chunk.startswith((b"\xff\xfe", b"\xfe\xff"))
        if not chunk:
            self.done = True
            data, self.pending = self.pending, b""
        else:
            data = self.pending + chunk
            partial = None if self.verbatim else PARTIAL_REFERENCE.search(data, max(0, len(data) - 12))
            cut = partial.start() if partial else len(data)
            data, self.pending = data[:cut], data[cut:]
        self.ready += data if self.verbatim else clean_xml(data)

    def read(self, size: int = -1) -> bytes:
        while not self.done and (size is None or size < 0 or len(self.ready) < size):
            self._fill()
        if size is None or size < 0:
            size = len(self.ready)
        data, self.ready = self.ready[:size], self.ready[size:]
        return data

    def readinto(self, buffer) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        self.source.close()
        super().close()


class CleanXmlZip(zipfile.ZipFile):
    def open(self, name, mode="r", pwd=None, *, force_zip64=False):
        entry = super().open(name, mode, pwd, force_zip64=force_zip64)
        filename = name.filename if isinstance(name, zipfile.ZipInfo) else name
        if mode == "r" and filename.lower().endswith((".xml", ".rels")):
            return CleanXmlStream(entry)
        return entry
