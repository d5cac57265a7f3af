"""Benchmark of trust-score recomputation on one core.

Builds a scratch database (SQLite, and PostgreSQL with --postgres URL) holding --influencers
influencers with realistic fact volumes (bench/scores_data.py) through the real migrations and
bulk Core inserts, then times, each in a child process of its own (so its peak RSS is its own):

1. baseline: the per-influencer path (``recompute_for`` one influencer at a time: a dozen
   queries each) on a sample, extrapolated to everyone;
2. first full ``recompute_all`` (every score written, commit per chunk), median of --runs;
3. second full ``recompute_all`` (nothing changed: every digest equal, no row rewritten);
4. where the time goes: gathering alone, then computing alone, over everyone.

Target: a full recompute of 100,000 influencers in at most 60 s on one core. The HTTP half
(badge and profile lookups under load) is bench/score_lookups.py; --keep leaves the database
for it.

    .venv/bin/python bench/scores.py [--influencers 100000] [--runs 3] [--sample 2000]
        [--postgres postgresql+psycopg://postgres@127.0.0.1:5432/test] [--keep] [--lookups]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, delete, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from koltrust.config import Settings
from koltrust.db.engine import make_engine
from koltrust.db.migrate import upgrade
from koltrust.scoring.compute import compute
from koltrust.trust.gather_facts import gather
from koltrust.trust.kinds import ScoreTrigger
from koltrust.trust.models import ScoreHistory, TrustScore
from koltrust.trust.score_writes import all_influencer_ids
from koltrust.trust.service import default_terms, recompute_all, recompute_for

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scores_data import populate

TARGET_SECONDS = 60.0
CHUNK = 2000


def _settings(url: str) -> Settings:
    return Settings(database_url=url, secret_key="bench-" + "x" * 40)


# --- building --------------------------------------------------------------------------------


def build(url: str, count: int, now: datetime) -> dict[str, Any]:
    """Migrate the empty database at ``url`` and fill it; rows per table and seconds taken."""
    settings = _settings(url)
    engine = make_engine(settings)
    try:
        upgrade(engine, settings)
        started = time.perf_counter()
        with engine.begin() as connection:
            rows = populate(connection, count, now)
        seconds = time.perf_counter() - started
        with engine.begin() as connection:
            connection.execute(text("ANALYZE"))  # planner statistics, as a live database has
    finally:
        engine.dispose()
    return {"rows": rows, "seconds": seconds}


def create_postgres(base_url: str) -> str:
    """A fresh scratch database beside ``base_url``'s; its URL."""
    name = f"koltrust_bench_{os.getpid()}"
    admin = create_engine(base_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(base_url).set(database=name).render_as_string(hide_password=False)


def drop_postgres(base_url: str, url: str) -> None:
    """Drop the scratch database at ``url``."""
    name = make_url(url).database
    admin = create_engine(base_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


# --- child runs --------------------------------------------------------------------------------


def child(mode: str, url: str, now: datetime, sample: int) -> dict[str, Any]:
    """One measured run in this (child) process."""
    engine = make_engine(_settings(url))
    try:
        with Session(engine) as session:
            if mode in ("first", "baseline"):
                session.execute(delete(ScoreHistory))
                session.execute(delete(TrustScore))
                session.commit()
            started = time.perf_counter()
            figures = _RUNS[mode](session, now, sample)
            figures["seconds"] = time.perf_counter() - started
            session.commit()
    finally:
        engine.dispose()
    figures["peak_rss_mb"] = peak_rss_mb()
    return figures


def peak_rss_mb() -> float:
    """This process's peak resident set size. Linux's VmHWM starts afresh at exec, whereas
    ru_maxrss keeps the parent's peak across fork and exec (the builder's, here)."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _full(session: Session, now: datetime, sample: int) -> dict[str, Any]:
    result = recompute_all(
        session, trigger=ScoreTrigger.SCHEDULE, now=now, chunk=CHUNK, commit=True
    )
    return {
        "computed": result.computed,
        "changed": result.changed,
        "unchanged": result.unchanged,
        "failed": len(result.failed),
    }


def _baseline(session: Session, now: datetime, sample: int) -> dict[str, Any]:
    ids = all_influencer_ids(session)
    step = max(1, len(ids) // sample)
    chosen = ids[::step][:sample]
    for influencer_id in chosen:
        recompute_for(session, [influencer_id], trigger=ScoreTrigger.SCHEDULE, now=now)
    session.commit()
    return {"sampled": len(chosen), "everyone": len(ids)}


def _phases(session: Session, now: datetime, sample: int) -> dict[str, Any]:
    terms = default_terms()
    ids = all_influencer_ids(session)
    gathering_s = computing_s = 0.0
    facts_count = 0
    for start in range(0, len(ids), CHUNK):
        t0 = time.perf_counter()
        found = gather(session, ids[start : start + CHUNK], now, policy=terms.policy)
        t1 = time.perf_counter()
        for facts in found.facts.values():
            compute(facts, now, terms.methodology)
        gathering_s += t1 - t0
        computing_s += time.perf_counter() - t1
        facts_count += len(found.facts)
    return {"gather_s": gathering_s, "compute_s": computing_s, "influencers": facts_count}


def _idle(session: Session, now: datetime, sample: int) -> dict[str, Any]:
    session.execute(text("SELECT 1"))
    return {}


_RUNS = {"first": _full, "second": _full, "baseline": _baseline, "phases": _phases}
_RUNS["idle"] = _idle


def run_child(mode: str, url: str, now: datetime, sample: int) -> dict[str, Any]:
    """Run ``mode`` in a fresh interpreter; its figures."""
    command = [sys.executable, __file__, "--child", mode, "--url", url, "--now", now.isoformat()]
    command += ["--sample", str(sample)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise RuntimeError(f"child {mode} failed:\n{done.stderr[-3000:]}")
    figures: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


# --- reporting ---------------------------------------------------------------------------------


def measure(label: str, url: str, now: datetime, args: argparse.Namespace) -> None:
    """Every measured run against one database, printed as it goes."""
    print(f"\n== {label} ==")
    idle = run_child("idle", url, now, args.sample)
    print(f"idle child (imports + connect): peak RSS {idle['peak_rss_mb']:.0f} MB")
    base = run_child("baseline", url, now, args.sample)
    estimate = base["seconds"] / base["sampled"] * base["everyone"]
    print(
        f"baseline, one influencer at a time: {base['sampled']} in {base['seconds']:.1f} s "
        f"({base['sampled'] / base['seconds']:.0f}/s) → {base['everyone']:,} in ~{estimate:.0f} s"
    )
    firsts = [run_child("first", url, now, args.sample) for _ in range(args.runs)]
    seconds = [r["seconds"] for r in firsts]
    _line("first full recompute (all written)", firsts, estimate)
    seconds_second = [run_child("second", url, now, args.sample) for _ in range(args.runs)]
    _line("second full recompute (unchanged)", seconds_second, estimate)
    phases = run_child("phases", url, now, args.sample)
    print(
        f"where the time goes (one run): gathering {phases['gather_s']:.1f} s, computing "
        f"{phases['compute_s']:.1f} s ({phases['compute_s'] / phases['influencers'] * 1e6:.0f} µs "
        f"each); the rest of a first run is digests and writes"
    )
    verdict = "meets" if statistics.median(seconds) <= TARGET_SECONDS else "MISSES"
    print(f"target ≤ {TARGET_SECONDS:.0f} s for a full recompute: median first run {verdict} it")


def _line(title: str, runs: list[dict[str, Any]], baseline: float) -> None:
    seconds = [r["seconds"] for r in runs]
    median = statistics.median(seconds)
    last = runs[-1]
    print(
        f"{title}: median {median:.1f} s of {len(runs)} ({', '.join(f'{s:.1f}' for s in seconds)})"
        f", {last['computed'] / median:,.0f} influencers/s, peak RSS "
        f"{max(r['peak_rss_mb'] for r in runs):.0f} MB; changed {last['changed']:,}, unchanged "
        f"{last['unchanged']:,}, failed {last['failed']}; {baseline / median:.1f}× the baseline"
    )


def machine() -> str:
    """What the figures were measured on."""
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return (
        f"{platform.platform()} · Python {platform.python_version()} · {os.cpu_count()} CPUs · "
        f"load average {load}"
    )


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--influencers", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sample", type=int, default=2_000)
    parser.add_argument("--postgres", help="also measure on a scratch database beside this URL")
    parser.add_argument("--sqlite", type=Path, help="SQLite file to build (default: temporary)")
    parser.add_argument("--keep", action="store_true", help="keep the databases afterwards")
    parser.add_argument("--lookups", action="store_true", help="say how to run the HTTP half")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    parser.add_argument("--now", help=argparse.SUPPRESS)
    return parser.parse_args()


def main() -> None:
    args = parse()
    if args.child:
        now = datetime.fromisoformat(args.now)
        print(json.dumps(child(args.child, args.url, now, args.sample)))
        return
    now = datetime.now(UTC).replace(microsecond=0)
    print(f"Trust-score recomputation · {args.influencers:,} influencers · {machine()}")
    folder = Path(tempfile.mkdtemp(prefix="koltrust-bench-"))
    path = args.sqlite or folder / "scores.db"
    databases = [("SQLite", f"sqlite:///{path}")]
    if args.postgres:
        databases.append(("PostgreSQL", create_postgres(args.postgres)))
    try:
        for label, url in databases:
            built = build(url, args.influencers, now)
            rows = ", ".join(f"{n:,} {t}" for t, n in sorted(built["rows"].items()))
            print(f"\n{label}: built in {built['seconds']:.0f} s: {rows}")
            measure(label, url, now, args)
    finally:
        if not args.keep:
            if args.postgres:
                drop_postgres(args.postgres, databases[-1][1])
            for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
                leftover.unlink(missing_ok=True)
            if not any(folder.iterdir()):
                folder.rmdir()
    if args.lookups or args.keep:
        print(f"\nDatabases kept for the HTTP half (bench/score_lookups.py): {databases}")


if __name__ == "__main__":
    main()
