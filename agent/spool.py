"""A run's results kept in a temporary file as they finish, and read back in order.

A result is a small dict (about 1.3 kB in memory); 100,000 of them were the one part of a long
run's memory that grew with its length. Written as JSON lines (every value of a DatasetOutcome is a JSON
type), they cost nothing in memory until the summary reads them back, one at a time.
"""

from __future__ import annotations

import json
import os
import tempfile
from array import array
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from agent.state import DatasetOutcome

_CHUNK = 1 << 16
_SORTED_BATCH = 1024  # results read back and written at a time by sorted_by


class ResultSpool:
    """An append-only sequence of results on disk: iterate it (as often as needed), len() it."""

    def __init__(self, results: Iterable[DatasetOutcome] = ()) -> None:
        # lives as long as the run's outcome; gone when closed or when the process ends
        self._file = tempfile.TemporaryFile()  # noqa: SIM115
        self._size = 0  # bytes written
        self._count = 0
        self._starts = array("q")  # where each result's line starts: 8 bytes a result
        self.extend(results)

    def extend(self, results: Iterable[DatasetOutcome]) -> None:
        lines = [json.dumps(result).encode("utf-8") + b"\n" for result in results]
        start = self._size
        for line in lines:
            self._starts.append(self._size)
            self._size += len(line)
        os.pwrite(self._file.fileno(), b"".join(lines), start)
        self._count += len(lines)

    def sorted_by(self, key: Callable[[DatasetOutcome], Any]) -> ResultSpool:
        """A new spool of these results ordered by `key` (stable). Only the keys are held in
        memory; the results are read back from the file a batch at a time."""
        order = sorted(range(self._count), key=[key(result) for result in self].__getitem__)
        ordered = ResultSpool()
        for first in range(0, len(order), _SORTED_BATCH):
            ordered.extend(self._read(i) for i in order[first : first + _SORTED_BATCH])
        return ordered

    def _read(self, index: int) -> DatasetOutcome:
        end = self._starts[index + 1] if index + 1 < self._count else self._size
        start = self._starts[index]
        return json.loads(os.pread(self._file.fileno(), end - start, start))

    def __iadd__(self, results: Iterable[DatasetOutcome]) -> ResultSpool:
        self.extend(results)
        return self

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[DatasetOutcome]:
        """Each result in the order written; reads at its own offset, so iterations may overlap."""
        offset, rest = 0, b""
        while offset < self._size:
            chunk = os.pread(self._file.fileno(), min(_CHUNK, self._size - offset), offset)
            offset += len(chunk)
            *lines, rest = (rest + chunk).split(b"\n")
            for line in lines:
                yield json.loads(line)

    def __getitem__(self, index: int) -> DatasetOutcome:
        """DatasetOutcome number `index` (reads up to it: for a few, not for a loop)."""
        if index < 0:
            index += self._count
        if not 0 <= index < self._count:
            raise IndexError(index)
        for i, result in enumerate(self):
            if i == index:
                return result
        raise IndexError(index)

    def close(self) -> None:
        self._file.close()
