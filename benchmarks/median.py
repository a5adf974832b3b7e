"""The median of several ``make bench`` runs: each page's p50 and p95 as multiples of the
trivial view's p50 in its own run, then the median over the runs.

    python benchmarks/median.py                      # the three newest results
    python benchmarks/median.py benchmarks/results/bench-2026*.json

Targets (the house issue): every commissioner- or PCN-scoped page p50 ≤ 25× and p95 ≤ 50×;
all-England pages ≤ 100×; PDFs ≤ 2 s.
"""

import json
import statistics
import sys
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"


def runs(paths: list[str]) -> list[dict]:
    files = [Path(p) for p in paths] or sorted(RESULTS.glob("bench-*.json"))[-3:]
    return [json.loads(f.read_text()) for f in files]


def median_table(results: list[dict]) -> list[dict]:
    rows = {}
    for run in results:
        floor = run["trivial"]["p50_ms"]
        for page in run["pages"]:
            row = rows.setdefault(
                page["name"],
                {"name": page["name"], "target": page["target"], "p50": [], "p95": [], "ms": []},
            )
            row["ms"].append(page["p50_ms"])
            row["p50"].append(page["p50_ms"] / floor)
            row["p95"].append(page["p95_ms"] / floor)
            row["queries"] = page["queries"]
    return [
        {
            **row,
            "ms": statistics.median(row["ms"]),
            "p50": statistics.median(row["p50"]),
            "p95": statistics.median(row["p95"]),
        }
        for row in rows.values()
    ]


def main(argv: list[str]) -> None:
    results = runs(argv)
    floors = ", ".join(f"{r['trivial']['p50_ms']:.2f}" for r in results)
    print(f"{len(results)} runs; trivial view p50 (ms): {floors}\n")
    header = f"{'page':<44} {'p50 ms':>8} {'×p50':>6} {'×p95':>6} {'target':>10} {'queries':>8}"
    print(header)
    print("-" * len(header))
    for row in median_table(results):
        print(
            f"{row['name']:<44} {row['ms']:>8.1f} {row['p50']:>6.1f} {row['p95']:>6.1f} "
            f"{row['target']:>10} {row['queries']:>8}"
        )


if __name__ == "__main__":
    main(sys.argv[1:])
