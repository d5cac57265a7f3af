"""One error hierarchy. Every error has a stable code, an HTTP status, a title and data fields,
and renders as RFC 9457 ``application/problem+json``."""

from __future__ import annotations

from typing import Any, ClassVar

PROBLEM_TYPE_BASE = "https://koltrust.org/problems/"


class KoltrustError(Exception):
    """Base of every expected failure. Subclasses fix ``code``, ``status`` and ``title``."""

    code: ClassVar[str] = "internal_error"
    status: ClassVar[int] = 500
    title: ClassVar[str] = "Internal error"

    def __init__(self, detail: str, **data: Any) -> None:
        super().__init__(detail)
        self.detail = detail
        self.data = data

    def to_problem(self, instance: str | None = None) -> dict[str, Any]:
        """The RFC 9457 body: type, title, status, detail, code, plus the data fields."""
        body: dict[str, Any] = {
            "type": PROBLEM_TYPE_BASE + self.code,
            "title": self.title,
            "status": self.status,
            "detail": self.detail,
            "code": self.code,
        }
        if instance:
            body["instance"] = instance
        body.update(self.data)
        return body


class BadRequest(KoltrustError):
    code = "bad_request"
    status = 400
    title = "Bad request"


class MalformedJson(KoltrustError):
    code = "malformed_json"
    status = 400
    title = "Malformed JSON"


class ValidationFailed(KoltrustError):
    code = "validation_failed"
    status = 422
    title = "Validation failed"


class InvalidQueryParameter(ValidationFailed):
    """A query value outside its reference list or range; ``parameter`` names it."""

    code = "invalid_query_parameter"
    title = "Invalid query parameter"


class Unauthenticated(KoltrustError):
    code = "unauthenticated"
    status = 401
    title = "Authentication required"


class Forbidden(KoltrustError):
    code = "forbidden"
    status = 403
    title = "Forbidden"


class NotFound(KoltrustError):
    code = "not_found"
    status = 404
    title = "Not found"


class NotScoredYet(NotFound):
    """The influencer exists but has no trust score yet."""

    code = "not_scored_yet"
    title = "Not scored yet"


class MethodNotAllowed(KoltrustError):
    code = "method_not_allowed"
    status = 405
    title = "Method not allowed"


class Conflict(KoltrustError):
    code = "conflict"
    status = 409
    title = "Conflict"


class Duplicate(Conflict):
    code = "duplicate"
    title = "Already exists"


class InvalidTransition(Conflict):
    code = "invalid_transition"
    title = "Invalid state transition"


class StaleVersion(Conflict):
    code = "stale_version"
    title = "Changed by someone else"


class ReplyWindowOpen(Conflict):
    code = "reply_window_open"
    title = "The influencer may still reply"


class DeadlinePassed(Conflict):
    code = "deadline_passed"
    title = "Too late"


class AppealWindowOpen(Conflict):
    code = "appeal_window_open"
    title = "The decision may still be appealed"


class CertificateNotAllowed(Conflict):
    """Carries ``unmet``: each condition of the certificate policy that does not hold."""

    code = "certificate_not_allowed"
    title = "Certificate conditions not met"


class CertificateRunning(Conflict):
    """Carries the running certificate's ``certificate`` code and when it may be renewed."""

    code = "certificate_running"
    title = "A certificate is already running"


class SameAnalyst(Forbidden):
    code = "same_analyst"
    title = "Decided by someone else"


class PayloadTooLarge(KoltrustError):
    code = "payload_too_large"
    status = 413
    title = "Payload too large"


class TextTooLong(KoltrustError):
    code = "text_too_long"
    status = 413
    title = "Text too long"


class TooManyRequests(KoltrustError):
    """Carries ``retry_after`` (seconds), sent as the Retry-After header."""

    code = "rate_limited"
    status = 429
    title = "Too many requests"


class UnsupportedMediaType(KoltrustError):
    code = "unsupported_media_type"
    status = 415
    title = "Unsupported media type"


class ConfigurationError(KoltrustError):
    code = "configuration_error"
    status = 500
    title = "Configuration error"


def all_error_classes() -> list[type[KoltrustError]]:
    """Every concrete error class, for documentation and the error-shape test."""
    found: list[type[KoltrustError]] = [KoltrustError]
    pending = list(KoltrustError.__subclasses__())
    while pending:
        cls = pending.pop()
        found.append(cls)
        pending.extend(cls.__subclasses__())
    return found


class MediaRejected(ValidationFailed):
    """Media or captions that cannot be processed; ``reason`` is the specific cause
    (``corrupt_media``, ``unsupported_codec``, ``media_too_long``, ``bad_captions``...)."""

    code = "media_rejected"
    title = "Media cannot be processed"
