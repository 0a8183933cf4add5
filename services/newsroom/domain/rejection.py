"""Why an input could not become an article: a stable reason code and a human detail."""

from __future__ import annotations

from dataclasses import dataclass

from newsroom.contracts import Reason


@dataclass(frozen=True, slots=True)
class Rejection:
    reason: Reason
    detail: str
