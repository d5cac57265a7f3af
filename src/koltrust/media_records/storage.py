"""Uploaded files kept on disk under their SHA-256, written whole or not at all."""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from koltrust.errors import PayloadTooLarge

CHUNK = 1024 * 1024
SUFFIXES = frozenset(
    {".mp4", ".mov", ".webm", ".mkv", ".m4a", ".mp3", ".wav", ".ogg", ".aac", ".flv", ".avi"}
    | {".png", ".jpg", ".jpeg", ".webp", ".vtt", ".srt", ".json", ".ts", ".m4v", ".opus"}
)


@dataclass(frozen=True)
class StoredFile:
    """A file in the media folder: its name there, hash and size; ``created`` is False when
    the same content was already stored."""

    name: str
    sha256: str
    size: int
    created: bool


def store(folder: Path, stream: BinaryIO, *, filename: str | None, max_bytes: int) -> StoredFile:
    """Copy ``stream`` into ``folder`` as ``<sha256><suffix>``; refuse (and keep nothing)
    beyond ``max_bytes``."""
    folder.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    size = 0
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".upload-")
    try:
        with os.fdopen(handle, "wb") as out:
            while chunk := stream.read(CHUNK):
                size += len(chunk)
                if size > max_bytes:
                    raise PayloadTooLarge(
                        f"The file is larger than {max_bytes} bytes", max_bytes=max_bytes
                    )
                digest.update(chunk)
                out.write(chunk)
        name = digest.hexdigest() + _suffix(filename)
        target = folder / name
        created = not target.exists()
        if created:
            os.replace(temporary, target)
        return StoredFile(name, digest.hexdigest(), size, created)
    finally:
        Path(temporary).unlink(missing_ok=True)


def remove(folder: Path, name: str) -> None:
    """Delete a stored file (used when its upload is refused)."""
    (folder / name).unlink(missing_ok=True)


def _suffix(filename: str | None) -> str:
    suffix = Path(filename or "").suffix.lower()
    return suffix if suffix in SUFFIXES else ".bin"
