"""Coded errors: stable, searchable, shown the same way by the CLI and the app."""

from __future__ import annotations


class PlanKGError(Exception):
    """Base error. ``code`` is stable (PKnnn); the message says what to do."""

    code = "PK000"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"


class UnreadableDocument(PlanKGError):
    code = "PK101"


class UnsupportedFormat(PlanKGError):
    code = "PK102"


class OCRUnavailable(PlanKGError):
    code = "PK103"


class EmptyDocument(PlanKGError):
    code = "PK104"


class ExtractionFailed(PlanKGError):
    code = "PK105"
