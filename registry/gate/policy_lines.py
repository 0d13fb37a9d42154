"""Policy errors with their line: find a key's line in the TOML text (tomllib gives none for semantic errors)."""

from __future__ import annotations

import re
from typing import NoReturn

from agent.errors import UsageError

# a table header line: "[policy]", "[[policy.waivers]]", "[tool.licensetrace.policy]  # note"
_HEADER = re.compile(
    r"^\s*\[\[?\s*[A-Za-z0-9_.\"'-][A-Za-z0-9_.\"' -]*\]\]?\s*(?:#.*)?$"
)  # name starts non-blank: linear


class PolicyError(UsageError):
    """The policy file is wrong; str() is one line: "FILE:LINE: problem"."""


class Locator:
    """Finds the line of a key in the TOML text: tomllib gives none for semantic errors."""

    def __init__(self, path: str, text: str, table: str):
        self.path, self.lines, self.table = path, text.splitlines(), table
        header = re.compile(r"^\s*\[\s*" + re.escape(table) + r"\s*\]")  # "[policy]"
        self.start = next((i for i, line in enumerate(self.lines) if header.match(line)), -1)

    def fail(self, key: str | None, problem: str, value: str | None = None) -> NoReturn:
        line = self.key_line(key) if key else max(self.start + 1, 1)
        if value is not None:
            line = self._value_line(value, line) or line
        self.fail_at(line, problem)

    def fail_at(self, line: int | None, problem: str) -> NoReturn:
        raise PolicyError(f"{self.path}:{line or 1}: {problem}")

    def key_line(self, key: str, after: int | None = None) -> int:
        """Line of `key = ...` in the policy section, or in the waiver block after `after`."""
        found = self.find_key(key, after)
        return found or after or max(self.start + 1, 1)

    def find_key(self, key: str, after: int | None = None) -> int | None:
        pattern = re.compile(r"^\s*[\"']?" + re.escape(key) + r"[\"']?\s*=")  # 'deny = [...]'
        first = self.start + 1 if after is None else after
        for i in range(first, len(self.lines)):
            if _HEADER.match(self.lines[i]):
                return None  # the section ends at the next table header
            if pattern.match(self.lines[i]):
                return i + 1
        return None

    def key_lines(self, keys) -> dict[str, int]:
        lines = {k: self.find_key(k) for k in keys}
        return {k: v for k, v in lines.items() if v}

    def key_in_block(self, key: str, block_line: int) -> int:
        return self.key_line(key, after=block_line)

    def waiver_line(self, index: int) -> int:
        """Line of the index-th `[[policy.waivers]]` header."""
        header = re.compile(r"^\s*\[\[\s*" + re.escape(self.table) + r"\.waivers\s*\]\]")
        hits = [i + 1 for i, line in enumerate(self.lines) if header.match(line)]
        return hits[index] if index < len(hits) else self.key_line("waivers")

    def _value_line(self, value: str, from_line: int) -> int | None:
        for i in range(from_line - 1, len(self.lines)):
            if f'"{value}"' in self.lines[i] or f"'{value}'" in self.lines[i]:
                return i + 1
        return None
