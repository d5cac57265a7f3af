"""``koltrust screen-media``: screen a video, audio, image and/or caption file, with time codes."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table

from koltrust.auth.permissions import SYSTEM
from koltrust.cli.context import console, err_console, handle_errors, load_settings, session_scope
from koltrust.cli.rules import load_or_exit
from koltrust.media.pipeline import MediaAnalysis, MediaOptions, analyse
from koltrust.media.report import MediaReport, screen_media
from koltrust.media.timed import MediaError, clock
from koltrust.media_records import processing, service
from koltrust.screening.engine import Engine
from koltrust.screening.model import Severity

CAPTION_SUFFIXES = (".vtt", ".srt", ".json")


class MediaFormat(StrEnum):
    JSONL = "jsonl"
    TABLE = "table"


@handle_errors
def screen_media_command(
    file: Annotated[Path, typer.Argument(help="Video, audio, image, or a caption file alone.")],
    captions: Annotated[
        Path | None, typer.Option("--captions", help="WebVTT, SRT or JSON transcript.")
    ] = None,
    language: Annotated[
        str | None, typer.Option(help="Spoken language (vi, en, fr, id), if known.")
    ] = None,
    output: Annotated[MediaFormat, typer.Option("--format", help="jsonl or table.")] = (
        MediaFormat.TABLE
    ),
    fail_on: Annotated[
        Severity | None, typer.Option(help="Exit 1 if a finding is at least this severe.")
    ] = None,
    paid_partnership: Annotated[
        bool, typer.Option(help="The platform's paid-partnership label was on.")
    ] = False,
    ocr: Annotated[bool, typer.Option("--ocr/--no-ocr", help="Read on-screen text.")] = True,
    speech: Annotated[
        bool, typer.Option("--speech/--no-speech", help="Transcribe speech (English only).")
    ] = True,
    store: Annotated[
        bool, typer.Option(help="Also keep the media and its findings in the database.")
    ] = False,
    title: Annotated[str | None, typer.Option(help="Title when stored.")] = None,
    influencer: Annotated[
        str | None, typer.Option(help="Slug of the influencer, when stored.")
    ] = None,
    post_id: Annotated[
        int | None,
        typer.Option("--post-id", min=1, help="Attach to this stored post (its findings too)."),
    ] = None,
    rulebook: Annotated[Path | None, typer.Option(help="Rulebook folder.")] = None,
) -> None:
    """Screen what a video or livestream says and shows: captions, on-screen text (OCR) and
    English speech, each finding with its time range and source."""
    settings = load_settings()
    media, caption_file = _inputs(file, captions)
    engine = Engine(load_or_exit(rulebook))
    options = processing.media_options(settings, language=language, ocr=ocr, speech=speech)
    analysis = _analysed(file, (media, caption_file), options, output)
    report = screen_media(
        engine,
        analysis,
        media_id=file.name,
        paid_partnership=paid_partnership,
        disclosure_window=settings.media_disclosure_window_seconds,
    )
    _emit(report, output)
    if store:
        request = service.MediaRequest(
            title=title, language=language, post_id=post_id, influencer_slug=influencer
        )
        _store((media, caption_file), report, request, engine)
    if fail_on is not None and _worst_rank(report) >= fail_on.rank:
        raise typer.Exit(1)


def _analysed(
    file: Path,
    files: tuple[Path | None, Path | None],
    options: MediaOptions,
    output: MediaFormat,
) -> MediaAnalysis:
    """What ``files`` (media, captions) say and show; bad media exits 1 with one line."""
    media, captions = files
    try:
        with _progress(output) as progress:
            return analyse(
                media,
                captions=captions.read_bytes() if captions else None,
                options=options,
                progress=progress,
            )
    except MediaError as error:
        err_console.print(f"[red]{file}: {error.message}[/red] ({error.code})", highlight=False)
        raise typer.Exit(1) from error


def _worst_rank(report: MediaReport) -> int:
    """The rank of the most severe counted finding; -1 for none."""
    counted = [f.finding.severity for f in report.findings if not f.finding.shadow]
    return max((Severity(severity).rank for severity in counted), default=-1)


def _inputs(file: Path, captions: Path | None) -> tuple[Path | None, Path | None]:
    for path in (file, captions):
        if path is not None and not path.is_file():
            err_console.print(f"[red]{path}: no such file[/red]")
            raise typer.Exit(1)
    if captions is None and file.suffix.lower() in CAPTION_SUFFIXES:
        return None, file
    return file, captions


@contextmanager
def _progress(output: MediaFormat) -> Iterator[Callable[[str, float, float | None], None] | None]:
    if output is MediaFormat.JSONL and not sys.stderr.isatty():
        yield None
        return
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.fields[at]}"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=err_console, transient=True) as bar:
        tasks: dict[str, TaskID] = {}

        def update(stage: str, seconds: float, total: float | None) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage.replace("_", "-"), total=total, at="")
            bar.update(tasks[stage], completed=seconds, at=clock(seconds))

        yield update


def _emit(report: MediaReport, output: MediaFormat) -> None:
    if output is MediaFormat.JSONL:
        sys.stdout.write(json.dumps(report.to_dict(), ensure_ascii=False) + "\n")
        return
    analysis = report.analysis
    console.print(
        f"[bold]{report.id}[/bold] ({analysis.language or 'language unknown'}): "
        f"{len(analysis.units)} text unit(s)",
        highlight=False,
    )
    console.print(
        f"speech: {analysis.speech.reason or analysis.speech.status}; "
        f"on-screen text: {analysis.on_screen.reason or analysis.on_screen.status}",
        highlight=False,
    )
    if not report.findings:
        console.print("[green]no findings[/green]")
        return
    table = Table(show_lines=False)
    for column in ("time", "source", "severity", "category", "rule", "excerpt"):
        table.add_column(column, overflow="fold")
    for placed in report.findings:
        finding = placed.finding
        marker = " (shadow)" if finding.shadow else ""
        table.add_row(
            f"{clock(placed.t_start)}–{clock(placed.t_end)}",
            placed.source.value,
            finding.severity + marker,
            finding.category,
            finding.rule_id,
            finding.excerpt,
        )
    console.print(table)


def _store(
    files: tuple[Path | None, Path | None],
    report: MediaReport,
    request: service.MediaRequest,
    engine: Engine,
) -> None:
    settings = load_settings()
    with session_scope(settings) as session:
        item = processing.store_screened(
            session,
            actor=SYSTEM,
            settings=settings,
            files=files,
            request=request,
            report=report,
            engine=engine,
        )
        media_id = item.id
    err_console.print(f"stored as media item {media_id} (/media/{media_id})")
