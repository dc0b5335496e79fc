"""One exception type per failure class, caught once at the CLI boundary."""

from __future__ import annotations


class ClaimledgerError(Exception):
    """Base class; ``str(err)`` is the one-line message shown to the user."""


class InputError(ClaimledgerError):
    """A file or line of input that cannot be read. Names the file and line."""

    def __init__(self, path: str, message: str, line: int | None = None) -> None:
        self.path = path
        self.line = line
        self.message = message
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {message}")


class StoreError(ClaimledgerError):
    """The ledger database cannot be opened, migrated or written."""


class GoldError(ClaimledgerError):
    """A gold annotation file that cannot be read (names file and line)."""
