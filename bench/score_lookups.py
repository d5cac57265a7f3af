"""Benchmark of the public trust lookups under HTTP load: the badge, the score JSON and the
public profile page, served by a real `koltrust serve` and driven by wrk.

Builds (or reuses) a database of N influencers with stored scores (bench/lookups_data.py),
starts `koltrust serve --no-access-log` as a subprocess on 127.0.0.1 pinned to one core and wrk
with one thread pinned to the other (taskset), and runs each scenario R times after a warm-up,
spreading requests uniformly over many slugs with a Lua script. Prints req/s and latency p50/p99
(wrk --latency), the median of the runs, beside two baselines measured in the same run: a
trivial JSON route through the whole FastAPI stack, and the badge with its cache turned off
(every request reads its row). Target: badge >= 2,000 req/s with p99 <= 50 ms.

    .venv/bin/python bench/score_lookups.py [--influencers N] [--runs R] [--duration S]
        [--connections C] [--postgres postgresql+psycopg://postgres@127.0.0.1:5432/test]

wrk is a Debian package: `apt-get install -y wrk` (or build it from github.com/wg/wrk).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from koltrust.config import Settings
from koltrust.db.engine import make_engine
from koltrust.db.migrate import upgrade
from koltrust.registry.models import Influencer
from koltrust.trust.models import TrustScore

sys.path.insert(0, str(Path(__file__).resolve().parent))
from lookups_data import populate

ROOT = Path(__file__).resolve().parents[1]
KOLTRUST = Path(sys.executable).parent / "koltrust"
SECRET = "bench-" + "x" * 40
TARGET_RPS = 2_000
TARGET_P99_MS = 50.0
WRK_CORE, SERVER_CORES = "0", "1"
SERVER_LOG = Path(tempfile.gettempdir()) / "koltrust-lookups-server.log"
LUA = """
local slugs = {}
for line in io.lines("%(slugs)s") do slugs[#slugs + 1] = line end
local prefix, suffix = "%(prefix)s", "%(suffix)s"
request = function()
  return wrk.format("GET", prefix .. slugs[math.random(#slugs)] .. suffix)
end
"""


@dataclass(frozen=True)
class Scenario:
    name: str
    prefix: str  # the path is prefix + slug + suffix; no slug when ``slugs`` is None
    suffix: str
    slugs: str | None  # "scored", "all", "hot" or "pages"
    cache_seconds: float = 60.0
    visit_each_first: bool = False  # warm up by asking for every slug once, in order


SCENARIOS = [
    Scenario("baseline: GET /api/v1/reference/platforms", "/api/v1/reference/platforms", "", None),
    Scenario("baseline: badge, cache off", "/badge/", ".svg", "all", cache_seconds=0),
    Scenario("badge /badge/{slug}.svg", "/badge/", ".svg", "hot"),
    Scenario("score JSON /api/v1/influencers/{slug}/score", "/api/v1/influencers/", "/score",
             "scored"),
    Scenario("profile page /influencers/{slug}", "/influencers/", "", "pages",
             visit_each_first=True),
]  # fmt: skip


@dataclass(frozen=True)
class WrkResult:
    rps: float
    p50_ms: float
    p99_ms: float
    requests: int
    bad: int  # non-2xx/3xx responses and socket errors


# --- the database --------------------------------------------------------------------------


def _settings(url: str) -> Settings:
    return Settings(database_url=url, secret_key=SECRET)


def influencer_count(url: str) -> int:
    """How many influencers the database at ``url`` holds (0 when it has no tables yet)."""
    engine = make_engine(_settings(url))
    try:
        with engine.connect() as connection:
            return int(connection.scalar(select(func.count(Influencer.id))) or 0)
    except Exception:  # a fresh file has no tables: build it
        return 0
    finally:
        engine.dispose()


def build(url: str, count: int) -> float:
    """Migrate the empty database at ``url`` and fill it; seconds taken."""
    settings = _settings(url)
    engine = make_engine(settings)
    try:
        upgrade(engine, settings)
        started = time.perf_counter()
        with engine.begin() as connection:
            populate(connection, count, datetime.now(UTC).replace(microsecond=0))
        with engine.begin() as connection:
            connection.execute(text("ANALYZE"))
        return time.perf_counter() - started
    finally:
        engine.dispose()


def slug_lists(url: str, folder: Path, hot: int, pages: int) -> dict[str, Path]:
    """Files of slugs, one a line: every influencer, the scored ones, the first ``hot`` and
    the first ``pages``."""
    engine = make_engine(_settings(url))
    try:
        with engine.connect() as connection:
            everyone = list(connection.scalars(select(Influencer.slug).order_by(Influencer.id)))
            scored = list(
                connection.scalars(
                    select(Influencer.slug)
                    .join(TrustScore, TrustScore.influencer_id == Influencer.id)
                    .order_by(Influencer.id)
                )
            )
    finally:
        engine.dispose()
    lists = {"all": everyone, "scored": scored, "hot": everyone[:hot], "pages": everyone[:pages]}
    paths = {}
    for name, slugs in lists.items():
        paths[name] = folder / f"{name}.txt"
        paths[name].write_text("\n".join(slugs) + "\n")
    return paths


@contextlib.contextmanager
def postgres_database(base_url: str) -> Iterator[str]:
    """A scratch database beside ``base_url``'s, dropped afterwards."""
    name = f"koltrust_lookups_{os.getpid()}"
    admin = create_engine(base_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(base_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


# --- the server ----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def served(url: str, cache_seconds: float, log: Path) -> Iterator[str]:
    """`koltrust serve` on a free port, pinned to SERVER_CORES; yields its base URL and stops
    it by its own pid."""
    port = free_port()
    env = os.environ | {
        "KOLTRUST_DATABASE_URL": url,
        "KOLTRUST_SECRET_KEY": SECRET,
        "KOLTRUST_JOBS_EVERY_SECONDS": "0",
        "KOLTRUST_BADGE_CACHE_SECONDS": str(cache_seconds),
    }
    command = ["taskset", "-c", SERVER_CORES, str(KOLTRUST), "serve", "--no-access-log"]
    command += ["--host", "127.0.0.1", "--port", str(port)]
    with log.open("ab") as out:
        server = subprocess.Popen(command, env=env, stdout=out, stderr=out, cwd=ROOT)  # noqa: S603
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_ready(server, base, deadline=time.monotonic() + 60)
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=15)


def wait_until_ready(server: subprocess.Popen[bytes], base: str, deadline: float) -> None:
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"koltrust serve exited with {server.returncode}; see its log")
        try:
            with urllib.request.urlopen(f"{base}/api/v1/reference/platforms", timeout=2):  # noqa: S310
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    raise SystemExit("koltrust serve did not answer within 60 s")


# --- the load ------------------------------------------------------------------------------

_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _latency_ms(output: str, percentile: str) -> float:
    match = re.search(rf"^\s+{percentile}%\s+([\d.]+)(us|ms|s)\s*$", output, re.MULTILINE)
    if match is None:
        raise SystemExit(f"no {percentile}% latency in wrk's output:\n{output}")
    return float(match.group(1)) * _UNITS[match.group(2)]


def parse_wrk(output: str) -> WrkResult:
    """Requests/s, p50, p99 and bad responses from ``wrk --latency``'s report."""
    rps = re.search(r"^Requests/sec:\s+([\d.]+)", output, re.MULTILINE)
    total = re.search(r"^\s+(\d+) requests in", output, re.MULTILINE)
    if rps is None or total is None:
        raise SystemExit(f"unexpected wrk output:\n{output}")
    bad = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", output))
    errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    if errors:
        bad += sum(int(n) for n in errors.groups())
    return WrkResult(
        rps=float(rps.group(1)),
        p50_ms=_latency_ms(output, "50"),
        p99_ms=_latency_ms(output, "99"),
        requests=int(total.group(1)),
        bad=bad,
    )


def wrk(base: str, script: Path | None, path: str, seconds: int, connections: int) -> WrkResult:
    """One wrk run: one thread on WRK_CORE, ``connections`` connections, ``seconds`` long."""
    command = ["taskset", "-c", WRK_CORE, "wrk", "-t1", f"-c{connections}", f"-d{seconds}s"]
    command += ["--latency", "--timeout", "5s"]
    if script is not None:
        command += ["-s", str(script)]
    command.append(base + path)
    done = subprocess.run(  # noqa: S603
        command, capture_output=True, text=True, timeout=seconds + 60, check=True
    )
    return parse_wrk(done.stdout)


def lua_script(folder: Path, scenario: Scenario, slugs: dict[str, Path]) -> Path | None:
    """The Lua script spreading requests over the scenario's slugs (None: one fixed path)."""
    if scenario.slugs is None:
        return None
    script = folder / f"{re.sub(r'[^a-z0-9]+', '-', scenario.name.lower())}.lua"
    values = {"slugs": slugs[scenario.slugs], "prefix": scenario.prefix, "suffix": scenario.suffix}
    script.write_text(LUA % values)
    return script


def measure(
    url: str, scenario: Scenario, slugs: dict[str, Path], folder: Path, args: argparse.Namespace
) -> list[WrkResult]:
    """A warm-up run and ``args.runs`` measured runs of one scenario on a fresh server."""
    script = lua_script(folder, scenario, slugs)
    path = scenario.prefix if script is None else "/"
    with served(url, scenario.cache_seconds, SERVER_LOG) as base:
        if scenario.visit_each_first and scenario.slugs is not None:
            visit_each(base, scenario, slugs[scenario.slugs].read_text().split())
        wrk(base, script, path, args.warmup, args.connections)
        return [wrk(base, script, path, args.duration, args.connections) for _ in range(args.runs)]


def visit_each(base: str, scenario: Scenario, slugs: list[str], limit: float = 300) -> None:
    """Ask for each slug's page once, in order (first views render the history chart); prints
    the mean time of a first view. Stops after ``limit`` seconds."""
    started = time.monotonic()
    visited = 0
    for slug in slugs:
        if time.monotonic() - started > limit:
            break
        url = base + scenario.prefix + slug + scenario.suffix
        try:
            with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310
                response.read()
        except urllib.error.HTTPError as error:
            raise SystemExit(f"GET {url} answered {error.code}; see {SERVER_LOG}") from error
        visited += 1
    mean_ms = (time.monotonic() - started) / max(1, visited) * 1000
    print(f"  (first view of {visited:,} pages, one at a time: {mean_ms:.1f} ms each)", flush=True)


def report(label: str, scenario: Scenario, runs: list[WrkResult], slugs: dict[str, Path]) -> str:
    rps = statistics.median(r.rps for r in runs)
    p50 = statistics.median(r.p50_ms for r in runs)
    p99 = statistics.median(r.p99_ms for r in runs)
    bad = sum(r.bad for r in runs)
    if bad:
        print(f"  ! {bad} responses were errors (not 2xx/3xx): see {SERVER_LOG}", flush=True)
    spread = "1 path"
    if scenario.slugs is not None:
        spread = f"{len(slugs[scenario.slugs].read_text().split()):,} slugs"
    line = f"  {scenario.name:<48} {rps:>9,.0f} {p50:>8.2f} {p99:>8.2f} {bad:>7} {spread:>14}"
    print(line, flush=True)
    runs_text = ", ".join(f"{r.rps:,.0f}" for r in runs)
    print(f"  {'':<48} runs: {runs_text} req/s", flush=True)
    return f"{label}|{scenario.name}|{rps:.0f}|{p50:.2f}|{p99:.2f}"


def bench_database(label: str, url: str, args: argparse.Namespace) -> dict[str, WrkResult]:
    """Every scenario against one database; the medians by scenario name."""
    medians: dict[str, WrkResult] = {}
    with tempfile.TemporaryDirectory(prefix="koltrust-lookups-") as tmp:
        folder = Path(tmp)
        slugs = slug_lists(url, folder, args.hot, args.pages)
        print(f"\n{label}: {url.split('@')[-1]}", flush=True)
        print(f"  {'scenario':<48} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'non-2xx':>7}")
        for scenario in SCENARIOS:
            if args.only and not any(word in scenario.name for word in args.only.split(",")):
                continue
            runs = measure(url, scenario, slugs, folder, args)
            report(label, scenario, runs, slugs)
            medians[scenario.name] = WrkResult(
                rps=statistics.median(r.rps for r in runs),
                p50_ms=statistics.median(r.p50_ms for r in runs),
                p99_ms=statistics.median(r.p99_ms for r in runs),
                requests=sum(r.requests for r in runs),
                bad=sum(r.bad for r in runs),
            )
    if len(medians) == len(SCENARIOS):
        verdict(medians)
    return medians


def verdict(medians: dict[str, WrkResult]) -> None:
    badge = medians[SCENARIOS[2].name]
    uncached = medians[SCENARIOS[1].name]
    met = badge.rps >= TARGET_RPS and badge.p99_ms <= TARGET_P99_MS and badge.bad == 0
    print(
        f"  badge: {badge.rps:,.0f} req/s, p99 {badge.p99_ms:.1f} ms "
        f"(target >= {TARGET_RPS:,} req/s, p99 <= {TARGET_P99_MS:.0f} ms): "
        f"{'MET' if met else 'NOT MET'}; {badge.rps / uncached.rps:.1f}x the badge without "
        "its cache",
        flush=True,
    )


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    version = subprocess.run(["wrk", "-v"], capture_output=True, text=True, timeout=10, check=False)  # noqa: S607
    wrk_version = (version.stdout or version.stderr).split("[")[0].strip()
    return (
        f"{cpu}, {os.cpu_count()} cores; Python {platform.python_version()}; {wrk_version}; "
        f"server on core {SERVER_CORES}, wrk (1 thread) on core {WRK_CORE}"
    )


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--influencers", type=int, default=50_000)
    parser.add_argument("--hot", type=int, default=10_000, help="slugs the badge runs spread over")
    parser.add_argument("--pages", type=int, default=500, help="slugs the profile runs spread over")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--duration", type=int, default=10, help="seconds per run")
    parser.add_argument("--warmup", type=int, default=5, help="seconds of warm-up per scenario")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--sqlite", type=Path, help="SQLite file to build (or reuse)")
    parser.add_argument("--reuse", action="store_true", help="reuse the SQLite file if filled")
    parser.add_argument("--postgres", help="a PostgreSQL server URL: also bench a scratch database")
    parser.add_argument("--no-sqlite", action="store_true", help="only PostgreSQL")
    parser.add_argument("--only", help="comma-separated words: run the scenarios named so")
    return parser.parse_args()


def prepared_sqlite(path: Path, count: int, reuse: bool) -> str:
    """The URL of a SQLite file holding ``count`` bench influencers: built afresh, or reused
    when asked and it has them (its schema must be the code's: unreleased migrations change)."""
    url = f"sqlite:///{path}"
    if reuse and influencer_count(url) == count:
        print(f"reusing {path} ({count:,} influencers)", flush=True)
        return url
    path.unlink(missing_ok=True)
    seconds = build(url, count)
    print(f"built {path}: {count:,} influencers in {seconds:.1f} s", flush=True)
    return url


def main() -> None:
    args = parse()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install -y wrk (Debian/Ubuntu)")
    if shutil.which("taskset") is None:
        raise SystemExit("taskset is not installed: apt-get install -y util-linux")
    print(machine())
    SERVER_LOG.write_text("")
    print(
        f"{args.influencers:,} influencers (95% scored); {args.runs} runs of {args.duration} s "
        f"after {args.warmup} s of warm-up; wrk -t1 -c{args.connections} --latency; "
        "koltrust serve --no-access-log, 1 process"
    )
    if not args.no_sqlite:
        path = (
            args.sqlite or Path(tempfile.gettempdir()) / f"koltrust-lookups-{args.influencers}.db"
        )
        bench_database("SQLite", prepared_sqlite(path, args.influencers, args.reuse), args)
    if args.postgres:
        with postgres_database(args.postgres) as url:
            seconds = build(url, args.influencers)
            print(f"built a PostgreSQL scratch database in {seconds:.1f} s", flush=True)
            bench_database("PostgreSQL", url, args)


if __name__ == "__main__":
    main()
