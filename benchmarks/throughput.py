"""Headroom: requests per second that one 2-core machine serves, for docs/deployment.md.

Starts gunicorn as ``make bench`` does (same database, production settings), logs in the four
benchmark users, then runs CONCURRENCY client threads for SECONDS against 127.0.0.1 only, each
looping over a mix of the pages commissioners and PCNs use most. Prints requests per second and
latency percentiles; the load generator runs on the same two cores, so the figure is a floor.

Run after ``make bench`` has generated the data:
    BENCH_DATABASE_URL=... .venv/bin/python benchmarks/throughput.py
Environment: THROUGHPUT_SECONDS (default 20, at most 60), THROUGHPUT_CONCURRENCY (default 8),
BENCH_WORKERS (gunicorn workers, default 2), BENCH_PORT.
"""

import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import run  # noqa: E402  (sets up the environment and the harness)

SECONDS = min(60.0, float(os.environ.get("THROUGHPUT_SECONDS", "20")))
CONCURRENCY = int(os.environ.get("THROUGHPUT_CONCURRENCY", "8"))


def mix(c: dict) -> list[tuple[str, str]]:
    """What a working day looks like: the queue and claims most, then lists and statements."""
    return [
        ("bench.cm", "/claims/"),
        ("bench.cm", f"/claims/{c['claim']}/"),
        ("bench.cm", "/claims/?status=submitted&sort=due_on"),
        ("bench.cm", "/pcns/"),
        ("bench.cd", f"/pcns/{c['pcn']}/"),
        ("bench.cd", f"/pcns/{c['pcn']}/statement/{c['year']}/"),
        ("bench.cd", f"/claims/{c['cd_claim']}/"),
        ("bench.finance", f"/commissioners/{c['commissioner']}/funding/{c['year']}/"),
        ("bench.finance", f"/commissioners/{c['commissioner']}/payments/{c['year']}/"),
        ("bench.admin", "/claims/?page=3"),
    ]


def main() -> int:
    run.ensure_database()
    run.setup_django()
    context = run.prepare_data()
    pages = mix(context)
    timings: list[float] = []
    errors = 0
    lock = threading.Lock()
    with tempfile.TemporaryDirectory() as static_root:
        server = run.start_server(static_root)
        try:
            openers = {user: run.session_for(user) for user in {u for u, _ in pages}}
            deadline = time.monotonic() + SECONDS

            def client(offset: int):
                nonlocal errors
                i = offset
                while time.monotonic() < deadline:
                    user, path = pages[i % len(pages)]
                    i += 1
                    started = time.perf_counter()
                    try:
                        response = openers[user].open(f"{run.BASE}{path}")
                        response.read()
                        ok = response.status == 200
                    except OSError:
                        ok = False
                    elapsed = (time.perf_counter() - started) * 1000
                    with lock:
                        timings.append(elapsed)
                        errors += not ok

            threads = [threading.Thread(target=client, args=(n,)) for n in range(CONCURRENCY)]
            began = time.monotonic()
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            took = time.monotonic() - began
        finally:
            server.terminate()
            server.wait(timeout=10)
    timings.sort()
    print(
        f"{len(timings)} requests in {took:.1f}s with {CONCURRENCY} clients and "
        f"{run.WORKERS} gunicorn workers: {len(timings) / took:.1f} requests/s, "
        f"p50 {statistics.median(timings):.0f} ms, p95 {timings[int(len(timings) * 0.95) - 1]:.0f} ms, "
        f"errors {errors}"
    )
    return 0 if errors == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
