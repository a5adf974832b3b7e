"""Time (and optionally profile) the benchmark's pages in-process, without gunicorn.

For trimming a page: the wall and CPU time of this process per request and the page's queries,
next to the trivial ``/healthz/`` view measured the same way in the same run. CPU time (of this
process, not of PostgreSQL) is steadier than wall time on a busy machine. Uses the benchmark
database and users that ``make bench`` prepared.

    .venv/bin/python benchmarks/profile_pages.py                  # every page, 30 requests each
    .venv/bin/python benchmarks/profile_pages.py -k summary -n 50 # pages whose name has "summary"
    .venv/bin/python benchmarks/profile_pages.py -k summary --profile 30 --queries
"""

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import run  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("-k", default="", help="only pages whose name contains this")
    parser.add_argument("-n", type=int, default=30, help="timed requests a page")
    parser.add_argument("--profile", type=int, default=0, help="print this many profile lines")
    parser.add_argument("--queries", action="store_true", help="print each page's SQL")
    args = parser.parse_args()

    run.ENV["ALLOWED_HOSTS"] = "127.0.0.1,localhost,testserver"
    run.ENV["STATIC_ROOT"] = static_root = os.environ.get("STATIC_ROOT", "/tmp/pcnadmin-static")
    run.setup_django()
    from django.core.management import call_command

    if not Path(static_root, "staticfiles.json").exists():
        call_command("collectstatic", "--noinput", verbosity=0)
    os.environ["BENCHMARK_QUERY_COUNT"] = "false"
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    from benchmarks import scenario

    context = scenario.prepare(run.PASSWORD)
    clients = {}
    for username in scenario.USERS:
        client = Client()
        client.force_login(get_user_model().objects.get(username=username))
        clients[username] = client

    def timed(client, path, n):
        walls, cpus = [], []
        for i in range(n + 5):
            wall, cpu = time.perf_counter(), time.process_time()
            response = client.get(path)
            b"".join(response) if response.streaming else response.content
            if i >= 5:
                walls.append((time.perf_counter() - wall) * 1000)
                cpus.append((time.process_time() - cpu) * 1000)
        assert response.status_code == 200, (path, response.status_code)
        return statistics.median(walls), statistics.median(cpus)

    trivial_wall, trivial_cpu = timed(clients["bench.cm"], "/healthz/", args.n * 2)
    print(f"/healthz/: wall p50 {trivial_wall:.2f} ms, cpu p50 {trivial_cpu:.2f} ms")
    print(f"{'page':44} {'wall':>7} {'cpu':>7} {'×wall':>6} {'×cpu':>6} {'queries':>7}")
    for page in scenario.pages(context):
        if args.k.lower() not in page["name"].lower():
            continue
        client = clients[page["user"]]
        captured = []

        def record(execute, sql, params, many, context, captured=captured):
            started = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                captured.append((time.perf_counter() - started, sql))

        with connection.execute_wrapper(record):
            client.get(page["path"])
        wall, cpu = timed(client, page["path"], args.n)
        print(
            f"{page['name']:44} {wall:7.2f} {cpu:7.2f} {wall / trivial_wall:6.1f} "
            f"{cpu / trivial_cpu:6.1f} {len(captured):7}"
        )
        if args.queries:
            for seconds, sql in captured:
                print(f"    {seconds * 1000:6.2f} ms  {sql[:300]}")
        if args.profile:
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(10):
                client.get(page["path"])
            profiler.disable()
            stats = pstats.Stats(profiler).sort_stats("cumulative")
            stats.print_stats(args.profile)
            stats.sort_stats("tottime").print_stats(args.profile)


if __name__ == "__main__":
    main()
