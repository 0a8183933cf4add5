"""Bytes from the raw topic -> RawArticle, or a Rejection with a stable reason."""

from __future__ import annotations

import orjson
from pydantic import ValidationError

from newsroom.contracts import RawArticle, Reason
from newsroom.domain.rejection import Rejection

_DATE_FIELDS = frozenset({"published_at", "fetched_at"})


def _first_errors(exc: ValidationError, limit: int = 3) -> str:
    parts = []
    for err in exc.errors(include_url=False, include_input=False)[:limit]:
        loc = ".".join(str(p) for p in err["loc"]) or "<root>"
        parts.append(f"{loc}: {err['msg']}")
    more = exc.error_count() - limit
    return "; ".join(parts) + (f"; and {more} more" if more > 0 else "")


def parse_raw(payload: bytes | None, max_bytes: int) -> RawArticle | Rejection:
    """Decode one raw message; never raises for bad input."""
    if not payload:
        return Rejection(Reason.EMPTY, "empty message")
    if len(payload) > max_bytes:
        return Rejection(Reason.TOO_LARGE, f"message has {len(payload)} bytes > {max_bytes}")
    try:
        payload.decode("utf-8")
    except UnicodeDecodeError as exc:
        return Rejection(Reason.ENCODING, f"not UTF-8: {exc.reason} at byte {exc.start}")
    try:
        data = orjson.loads(payload)
    except orjson.JSONDecodeError as exc:
        return Rejection(Reason.INVALID_JSON, str(exc)[:300])
    if not isinstance(data, dict):
        return Rejection(Reason.SCHEMA, f"expected a JSON object, got {type(data).__name__}")
    try:
        return RawArticle.model_validate(data)
    except ValidationError as exc:
        return Rejection(_reason(exc), _first_errors(exc))


def _reason(exc: ValidationError) -> Reason:
    """Dates that do not parse get their own code; everything else is a schema error."""
    fields = {err["loc"][0] if err["loc"] else "" for err in exc.errors()}
    return Reason.INVALID_DATE if fields <= _DATE_FIELDS else Reason.SCHEMA
