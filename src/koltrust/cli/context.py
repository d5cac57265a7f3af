"""What every command needs: settings, a transaction, output helpers and error handling."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import wraps
from typing import Any, ParamSpec, TypeVar

import typer
from pydantic import BaseModel, ValidationError
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
)
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from koltrust.config import Settings
from koltrust.db.engine import make_engine
from koltrust.db.session import make_session_factory, transaction
from koltrust.errors import KoltrustError

console = Console()
err_console = Console(stderr=True)

P = ParamSpec("P")
R = TypeVar("R")


def load_settings() -> Settings:
    """Settings from the environment, or a clear message and exit 2 when they are invalid."""
    try:
        return Settings()
    except ValidationError as exc:
        err_console.print(f"[red]Invalid settings:[/red] {_first_message(exc)}")
        raise typer.Exit(2) from exc


def _first_message(exc: ValidationError) -> str:
    error = exc.errors()[0]
    where = ".".join(str(part) for part in error["loc"])
    return f"{where}: {error['msg']}" if where else str(error["msg"])


@contextmanager
def database(settings: Settings) -> Iterator[Engine]:
    """An engine for the configured database, disposed afterwards."""
    engine = make_engine(settings)
    try:
        yield engine
    finally:
        engine.dispose()


@contextmanager
def session_scope(settings: Settings) -> Iterator[Session]:
    """A session whose work is committed when the command succeeds."""
    with database(settings) as engine, transaction(make_session_factory(engine)) as session:
        yield session


def handle_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Turn expected failures into a red one-line message and exit code 1."""

    @wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except KoltrustError as exc:
            err_console.print(f"[red]Error ({exc.code}):[/red] {exc.detail}")
            raise typer.Exit(1) from exc
        except ValidationError as exc:
            err_console.print(f"[red]Invalid input:[/red] {_first_message(exc)}")
            raise typer.Exit(1) from exc

    return wrapper


def print_json(data: Any) -> None:
    """Print ``data`` (models, lists of models, or plain data) as JSON on stdout."""
    typer.echo(json.dumps(_plain(data), ensure_ascii=False, indent=2, default=str))


def print_page(items: Sequence[BaseModel], *, total: int, page: int, per_page: int) -> None:
    """Print one page of a list as JSON, in the API's shape."""
    print_json({"items": list(items), "total": total, "page": page, "per_page": per_page})


def _plain(data: Any) -> Any:
    if isinstance(data, BaseModel):
        return data.model_dump(mode="json")
    if isinstance(data, list):
        return [_plain(item) for item in data]
    if isinstance(data, dict):
        return {key: _plain(value) for key, value in data.items()}
    return data


def counting_progress(on: Console, *, transient: bool) -> Progress:
    """A progress bar that shows done/total and the time taken (imports)."""
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=on,
        transient=transient,
    )
