"""Errors of the audit, each with the exit code or entry reason it turns into at the CLI."""

from __future__ import annotations

EXIT_OK = 0
EXIT_VIOLATION = 1
EXIT_USAGE = 2
EXIT_INCOMPLETE = 3


class LicensetraceError(Exception):
    """Base of every error we expect and translate into a one-line message."""


class UsageError(LicensetraceError):
    """The user asked for something we cannot do (bad option, unreadable file): exit 2."""


class RegistryError(UsageError):
    """The registry cannot be opened or written (bad path, bad URL, permissions): exit 2."""


class DatasetError(LicensetraceError):
    """One dataset cannot be audited; it becomes an `error` entry and the run goes on.

    `code` is a stable word (RepoNotFound, GatedRepo, EntryNotFound, RevisionNotFound,
    InvalidReference, HTTPError, NetworkError, TooLarge, ...) and the message says it for people.
    """

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"
