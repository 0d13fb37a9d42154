"""A run's results kept in a temporary file as they finish, and read back in order.

A result is a small dict (about 1.3 kB in memory); 100,000 of them were the one part of a long
run's memory that grew with its length. Written as JSON lines (every value of a DatasetOutcome is a JSON
type), they cost nothing in memory until the summary reads them back, one at a time.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Iterator

from agent.state import DatasetOutcome

_CHUNK = 1 << 16


class ResultSpool:
    """An append-only sequence of results on disk: iterate it (as often as needed), len() it."""

    def __init__(self, results: Iterable[DatasetOutcome] = ()) -> None:
        # lives as long as the run's outcome; gone when closed or when the process ends
        self._file = tempfile.TemporaryFile()  # noqa: SIM115
        self._size = 0  # bytes written
        self._count = 0
        self.extend(results)

    def extend(self, results: Iterable[DatasetOutcome]) -> None:
        lines = [json.dumps(result).encode("utf-8") + b"\n" for result in results]
        data = b"".join(lines)
        os.pwrite(self._file.fileno(), data, self._size)
        self._size += len(data)
        self._count += len(lines)

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
