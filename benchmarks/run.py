"""make bench: page latency and query counts on a synthetic England, under gunicorn.

Steps: make sure the benchmark database exists and holds the synthetic England
(``generate_national``), start gunicorn with production settings, log in as each kind of user,
warm up, then time every key page (at least 50 requests each) and the trivial ``/healthz/`` view
in the same run. Prints one table and writes it as JSON under benchmarks/results/.

Environment: BENCH_DATABASE_URL (default postgres://postgres:postgres@127.0.0.1:5432/pcnadmin_bench),
BENCH_REQUESTS (default 50), BENCH_SEED (default 2019), BENCH_WORKERS (default 2), BENCH_PORT
(default 8765).
"""

import http.cookiejar
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from datetime import datetime
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres:postgres@127.0.0.1:5432/pcnadmin_bench"
)
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "50"))
SEED = int(os.environ.get("BENCH_SEED", "2019"))
WORKERS = os.environ.get("BENCH_WORKERS", "2")
PORT = int(os.environ.get("BENCH_PORT", "8765"))
BASE = f"http://127.0.0.1:{PORT}"
PASSWORD = "bench-password-not-secret"
ENV = {
    **os.environ,
    "DATABASE_URL": DATABASE_URL,
    "DEBUG": "false",
    "SECRET_KEY": "benchmark-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz",
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "SECURE_SSL_REDIRECT": "false",
    "SECURE_COOKIES": "false",
    "SECURE_HSTS_SECONDS": "0",
    "CONN_MAX_AGE": "60",
    "BENCHMARK_QUERY_COUNT": "true",
    "AXES_FAILURE_LIMIT": "1000",
}


def ensure_database():
    import psycopg2

    parsed = urllib.parse.urlparse(DATABASE_URL)
    name = parsed.path.lstrip("/")
    conn = psycopg2.connect(
        host=parsed.hostname,
        port=parsed.port or 5432,
        user=parsed.username,
        password=parsed.password,
        dbname="postgres",
    )
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute("select 1 from pg_database where datname = %s", [name])
        if cur.fetchone() is None:
            cur.execute(f'create database "{name}"')
        # As recommended in docs/deployment.md: JIT compilation costs 10-40 ms on the few
        # queries big enough to trigger it and saves nothing on queries this size.
        cur.execute(f'alter database "{name}" set jit = off')
    conn.close()


def setup_django():
    os.environ.update(ENV)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pcnadmin.settings")
    import django

    django.setup()


def prepare_data() -> dict:
    """Migrate, load rates, generate England if needed, create one user per type; returns the
    objects the pages are about."""
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_rates", stdout=StringIO())
    call_command("generate_national", seed=SEED)
    from benchmarks import scenario

    return scenario.prepare(PASSWORD)


def start_server(static_root: str) -> subprocess.Popen:
    env = {**ENV, "STATIC_ROOT": static_root}
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    server = subprocess.Popen(
        [
            gunicorn,
            "pcnadmin.wsgi",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            WORKERS,
            "--no-control-socket",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"{BASE}/healthz/", timeout=1)
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not start")


def session_for(username: str):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{BASE}/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode(
        {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token}
    ).encode()
    request = urllib.request.Request(
        f"{BASE}/login/", data=data, headers={"Referer": f"{BASE}/login/"}
    )
    opener.open(request).read()
    return opener


def measure(opener, path: str, n: int) -> dict:
    timings, queries, status, size = [], set(), None, 0
    for i in range(n + 5):
        started = time.perf_counter()
        response = opener.open(f"{BASE}{path}")
        body = response.read()
        elapsed = time.perf_counter() - started
        status, size = response.status, len(body)
        queries.add(response.headers.get("X-Query-Count"))
        if i >= 5:  # the first five warm up
            timings.append(elapsed * 1000)
    timings.sort()
    return {
        "status": status,
        "bytes": size,
        "p50_ms": round(statistics.median(timings), 2),
        "p95_ms": round(timings[int(len(timings) * 0.95) - 1], 2),
        "max_ms": round(timings[-1], 2),
        "queries": ",".join(sorted(q for q in queries if q)),
        "requests": n,
    }


def time_command(name: str, args: list[str], n: int = 3) -> dict:
    from django.core.management import call_command

    timings = []
    for _ in range(n):
        out = StringIO()
        started = time.perf_counter()
        call_command(name, *args, stdout=out)
        timings.append((time.perf_counter() - started) * 1000)
    return {
        "p50_ms": round(statistics.median(timings), 2),
        "max_ms": round(max(timings), 2),
        "runs": n,
        "rows": out.getvalue().count("\n") - 1,
    }


def main():
    ensure_database()
    setup_django()
    from benchmarks import scenario

    context = prepare_data()
    results = {
        "when": datetime.now().isoformat(timespec="seconds"),
        "requests": REQUESTS,
        "pages": [],
        "commands": [],
    }
    with tempfile.TemporaryDirectory() as static_root:
        server = start_server(static_root)
        try:
            openers = {}
            trivial = measure(urllib.request.build_opener(), "/healthz/", REQUESTS * 2)
            results["trivial"] = trivial
            for page in scenario.pages(context):
                opener = openers.get(page["user"]) or openers.setdefault(
                    page["user"], session_for(page["user"])
                )
                row = measure(opener, page["path"], REQUESTS)
                row.update(page)
                row["ratio_p50"] = round(row["p50_ms"] / trivial["p50_ms"], 1)
                row["ratio_p95"] = round(row["p95_ms"] / trivial["p50_ms"], 1)
                results["pages"].append(row)
                print(f"  {page['name']:<44} p50 {row['p50_ms']:8.1f} ms", flush=True)
        finally:
            server.terminate()
            server.wait(timeout=10)
    for command in scenario.commands(context):
        row = time_command(command["command"], command["args"])
        row.update(command)
        results["commands"].append(row)
    print_table(results)
    out = ROOT / "benchmarks" / "results" / f"bench-{datetime.now():%Y%m%d-%H%M%S}.json"
    out.write_text(json.dumps(results, indent=1))
    (ROOT / "benchmarks" / "results" / "latest.json").write_text(json.dumps(results, indent=1))
    print(f"\nWritten to {out.relative_to(ROOT)}")
    return 0 if all(p["status"] == 200 for p in results["pages"]) else 1


def print_table(results):
    trivial = results["trivial"]
    print(
        f"\nTrivial view /healthz/: p50 {trivial['p50_ms']} ms, p95 {trivial['p95_ms']} ms "
        f"({trivial['requests']} requests)\n"
    )
    header = f"{'page':<44} {'user':<14} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'×p50':>6} {'×p95':>6} {'target':>10} {'queries':>8}"
    print(header)
    print("-" * len(header))
    for p in results["pages"]:
        print(
            f"{p['name']:<44} {p['user']:<14} {p['p50_ms']:>8.1f} {p['p95_ms']:>8.1f} {p['max_ms']:>8.1f} "
            f"{p['ratio_p50']:>6} {p['ratio_p95']:>6} {p['target']:>10} {p['queries']:>8}"
        )
    print()
    for c in results["commands"]:
        print(
            f"{c['name']:<44} {'command':<14} {c['p50_ms']:>8.1f} {'':>8} {c['max_ms']:>8.1f} {'':>6} {'':>6} {c['target']:>10} {c['rows']:>8} rows"
        )


if __name__ == "__main__":
    sys.exit(main())
