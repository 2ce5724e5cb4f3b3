"""Run an import: read input files, parse each unit, feed the loader, report progress.

The management commands (`import_openalex`, `import_arxiv`) are thin wrappers around
`run_import`. Every bad unit — malformed JSON, a record the parser refuses, a duplicate id, a
broken gzip tail — becomes one line in the rejects file and one count in the summary; nothing
stops the load. Ctrl-C stops between batches or rolls the current batch back: the database
stays consistent and the same command completes the load.
"""

from __future__ import annotations

import struct
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from ingest.files import TruncatedInput, open_lines
from ingest.loader import ImportStats, Loader, RejectsFile
from ingest.records import Record, Rejected

# A parser turns one input line into records, plus reasons for bad parts it skipped.
LineParser = Callable[[str], tuple[list[Record], list[str]]]


def default_rejects_path(path: Path) -> Path:
    """Beside the input: `works.jsonl.gz` -> `works.jsonl.gz.rejects.jsonl`."""
    return path.with_name(path.name + ".rejects.jsonl")


def _expected_bytes(path: Path) -> int:
    """Bytes we will read: the file's size, or for gzip the size its trailer records."""
    size = path.stat().st_size
    if path.name.endswith(".gz") and size >= 18:
        with path.open("rb") as f:
            f.seek(-4, 2)
            (isize,) = struct.unpack("<I", f.read(4))
        # ISIZE is the uncompressed size mod 2**32: trust it only when it is plausible.
        return isize if isize > size else size * 8
    return size


class Progress:
    """A bar with rate and ETA on a terminal; a plain line every `every` seconds in logs."""

    def __init__(self, out: TextIO, *, total: int, label: str, every: float = 10.0):
        self.out, self.total, self.label = out, max(total, 1), label
        self.tty = hasattr(out, "isatty") and out.isatty()
        self.every = 0.2 if self.tty else every
        self.start = self.last = time.monotonic()

    def update(self, done: int, records: int, *, final: bool = False) -> None:
        now = time.monotonic()
        if not final and now - self.last < self.every:
            return
        self.last = now
        elapsed = max(now - self.start, 1e-9)
        fraction = min(done / self.total, 1.0)
        rate = records / elapsed
        eta = (elapsed / fraction - elapsed) if 0 < fraction < 1 else 0.0
        eta_text = f"{int(eta // 60)}m{int(eta % 60):02d}s"
        if self.tty:
            bar = "#" * int(fraction * 30)
            line = (
                f"\r{self.label} [{bar:<30}] {fraction:4.0%} {records:,} records "
                f"{rate:,.0f}/s ETA {eta_text} "
            )
            self.out.write(line + ("\n" if final else ""))
        else:
            self.out.write(
                f"{self.label}: {fraction:.0%} read, {records:,} records, {rate:,.0f}/s, "
                f"ETA {eta_text}\n"
            )
        self.out.flush()


@dataclass
class Unit:
    """One input unit: a line of a JSON-lines file, or a whole XML document."""

    number: int
    text: str


def _units(path: Path) -> Iterator[Unit]:
    if path.suffix.lower() == ".xml" or path.name.endswith(".xml.gz"):
        # An arXiv API response is one XML document: one unit, its entries parsed together.
        import gzip

        opener = gzip.open if path.name.endswith(".gz") else open
        with opener(path, "rt", encoding="utf-8", errors="replace") as f:
            yield Unit(1, f.read())
        return
    for number, text in open_lines(path):
        yield Unit(number, text)


def run_import(
    paths: Iterable[Path],
    *,
    source: str,
    parse: LineParser,
    rejects_path: Path | None = None,
    out: TextIO = sys.stdout,
    arguments: dict | None = None,
) -> ImportStats:
    """Import every file in `paths` as one run; returns the run's counts."""
    paths = [Path(p) for p in paths]
    shared_rejects = RejectsFile(rejects_path) if rejects_path else None
    loader = Loader(
        source=source,
        rejects=shared_rejects or RejectsFile(default_rejects_path(paths[0])),
        arguments=arguments or {"paths": [str(p) for p in paths]},
    )
    try:
        for path in paths:
            rejects = shared_rejects or RejectsFile(default_rejects_path(path))
            loader.start_file(rejects=rejects, name=str(path))
            progress = Progress(out, total=_expected_bytes(path), label=path.name)
            done = 0
            try:
                for unit in _units(path):
                    done += len(unit.text.encode("utf-8", "surrogateescape")) + 1
                    _feed(loader, unit, parse)
                    progress.update(done, loader.stats.read)
            except TruncatedInput as exc:
                loader.reject(exc.line_number, str(exc), "")
            loader.flush()
            progress.update(progress.total, loader.stats.read, final=True)
            if rejects is not shared_rejects:
                rejects.close()
        out.write("Refreshing counters, collaboration edges and work families…\n")
        return loader.finish()
    finally:
        if shared_rejects:
            shared_rejects.close()


def _feed(loader: Loader, unit: Unit, parse: LineParser) -> None:
    try:
        records, reasons = parse(unit.text)
    except Rejected as exc:
        loader.reject(unit.number, str(exc), unit.text)
        return
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError) as exc:
        # A parser bug must not stop a load either: the record goes to the rejects file.
        loader.reject(unit.number, f"unreadable record ({type(exc).__name__}: {exc})", unit.text)
        return
    for reason in reasons:
        loader.reject(unit.number, reason, unit.text)
    for record in records:
        loader.add(unit.number, record, unit.text)
