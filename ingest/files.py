"""Reading line-oriented input files, plain or gzip, without losing the good part of a bad one.

`open_lines(path)` yields ``(line_number, text)`` for every non-blank line of a plain file or a
``.gz`` file (chosen by the name's suffix). Line numbers are 1-based and count every line,
blank ones included, so they match ``sed -n Np``. Line terminators (``\\n``, ``\\r\\n``) and a
UTF-8 byte-order mark on line 1 are removed.

Bytes that are not UTF-8 do not stop the file: such a line is decoded with
``surrogateescape`` (nothing lost, the line still counts), and the parser rejects it;
`has_undecodable` tells such a line apart.

A gzip file that is cut off or corrupt in the middle (a download that died, a disk that
filled) raises `TruncatedInput` *after* every complete line before the damage has been
yielded. The partial line at the break is never yielded. The loader writes one reject and
keeps the rest::

    try:
        for number, line in open_lines(path):
            ...
    except TruncatedInput as exc:
        rejects.write(exc.line_number, str(exc))   # "truncated gzip at line 1235: …"
"""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Iterator
from os import PathLike
from pathlib import Path


class TruncatedInput(Exception):
    """The compressed stream broke at `line_number`; every line before it was yielded."""

    def __init__(self, line_number: int, detail: str) -> None:
        self.line_number = line_number
        self.detail = detail
        super().__init__(f"truncated gzip at line {line_number}: {detail}")


def has_undecodable(text: str) -> bool:
    """True when `text` came from bytes that were not UTF-8 (holds escaped surrogates)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("utf-8", "surrogateescape")


def open_lines(path: str | PathLike[str]) -> Iterator[tuple[int, str]]:
    """Yield (1-based line number, line text) for each non-blank line; see the module doc."""
    path = Path(path)
    compressed = path.name.endswith(".gz")
    with gzip.open(path, "rb") if compressed else path.open("rb") as stream:
        number = 0
        while True:
            try:
                raw = stream.readline()
            except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
                detail = str(exc) or type(exc).__name__
                raise TruncatedInput(number + 1, detail) from exc
            if not raw:
                return
            number += 1
            text = _decode(raw.rstrip(b"\r\n"))
            if number == 1 and text.startswith("\ufeff"):
                text = text[1:]
            if text.strip():
                yield number, text
