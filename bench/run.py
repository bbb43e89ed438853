"""`make bench`: kdeal's throughput against bare Kiwi on the dev dump and a 4x replica.

Each measurement runs in a child process of its own, so peak RSS is that run's and
no cache carries over; models load before the clock starts. Measured:

  kiwi      bare Kiwi: one `Kiwi.tokenize` call over the same paragraph chunks
  full      every stage, with entities (what `kdeal run --entities` does)
  prefilter every stage, without entities: only sentences that may hold a deal
  full4x    `full` on the dump written four times over (ids made distinct)
  pool2     two processes with one Kiwi thread each, half of the dump each
            (only with --only: the process-pool alternative, not a target)

kiwi, full and prefilter are timed twice (a second round after the first), and
each one's faster run counts. Figures go to stdout and to bench/results.json.
Without ../shared the corpus stands in (and the figures say so).

    python -m bench.run [--limit N] [--only kiwi,full,...]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from importlib import import_module
from itertools import pairwise
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DUMP = ROOT.parent / "shared" / "articles" / "dev-dump.jsonl"
RESULTS = ROOT / "bench" / "results.json"
MODES = ("kiwi", "full", "prefilter", "full4x", "pool2")
DEFAULT = ("kiwi", "full", "prefilter", "full4x")  # pool2: with --only
REPEATED = ("kiwi", "full", "prefilter")  # timed twice: the faster run counts
FULL_STAGES = ("tokenize", "extract", "assemble", "normalize", "dedupe")
PRE_STAGES = ("prefilter", "assemble", "normalize", "dedupe")


# -- child side ------------------------------------------------------------------


class Clock:
    """Inclusive time spent pulling from each stage's iterator."""

    def __init__(self) -> None:
        self.inclusive: dict[str, float] = {}

    def wrap(self, name: str, it) -> Iterator:
        self.inclusive.setdefault(name, 0.0)
        it = iter(it)
        while True:
            t = time.perf_counter()
            try:
                item = next(it)
            except StopIteration:
                self.inclusive[name] += time.perf_counter() - t
                return
            self.inclusive[name] += time.perf_counter() - t
            yield item

    def exclusive(self, order: list[str]) -> dict[str, float]:
        """Each stage's own time: its inclusive time less its upstream's."""
        out, prev = {}, 0.0
        for name in order:
            out[name] = round(self.inclusive[name] - prev, 3)
            prev = self.inclusive[name]
        return out


def articles(path: Path, limit: int | None):
    from pipeline.ingest import run

    for n, a in enumerate(run([str(path)])):
        if limit is not None and n >= limit:
            return
        yield a


def child_kiwi(path: Path, limit: int | None) -> dict:
    """Bare Kiwi at its fastest: one `tokenize` call over every chunk of the input,
    read lazily, so its threads never wait between batches (the pipeline feeds it
    the same way)."""
    from pipeline.tokenize import chunks, kiwi

    k = kiwi()
    k.tokenize("준비 운동이다.")
    n = 0
    ends: list[int] = []  # chunks read when each article ends

    def flat():
        nonlocal n
        for a in articles(path, limit):
            n += 1
            spans = chunks(a.text)
            ends.append((ends[-1] if ends else 0) + len(spans))
            for s, e in spans:
                yield a.text[s:e]

    quarter = max(1, (count_articles(path, limit) + 3) // 4)
    t, cpu = time.perf_counter(), time.process_time()
    marks = [(t, cpu)]
    for done, _ in enumerate(k.tokenize(flat()), 1):
        at = len(marks) * quarter - 1  # the last article of the next quarter
        if at < len(ends) and done == ends[at]:
            marks.append((time.perf_counter(), time.process_time()))
    if len(marks) < 5:  # the last quarter is short
        marks.append((time.perf_counter(), time.process_time()))
    return {
        "seconds": time.perf_counter() - t,
        "cpu_seconds": round(time.process_time() - cpu, 2),
        "articles": n,
        **quarters(marks),
    }


def quarters(marks: list[tuple[float, float]]) -> dict:
    """Seconds (wall, CPU) per quarter of the input: flat when nothing grows."""
    return {
        "quarters": [round(b[0] - a[0], 2) for a, b in pairwise(marks)],
        "quarters_cpu": [round(b[1] - a[1], 2) for a, b in pairwise(marks)],
    }


def child_pipeline(path: Path, limit: int | None, entities: bool, out: Path) -> dict:
    """Every stage with per-stage times; writes the records (and entities) to `out`."""
    from pipeline.extract import nlp
    from pipeline.work import Options, Work
    from pipeline.write import entity_line, record_line

    nlp()("준비 운동이다.")
    import_module("extractors.fx").converter()  # the rate table: data, loaded once
    import_module("pipeline.runner").settle_heap()  # as `kdeal run` does
    opts = Options(entities=entities)
    clock = Clock()
    t, cpu = time.perf_counter(), time.process_time()
    state = clock.wrap("ingest", articles(path, limit))
    state = clock.wrap("clean", import_module("pipeline.clean").run(state))
    state = (Work(a) for a in state)
    order = ["ingest", "clean"] + list(FULL_STAGES if entities else PRE_STAGES)
    for name in order[2:]:
        state = clock.wrap(name, import_module(f"pipeline.{name}").run(state, opts))
    n, chars = 0, 0
    marks = [(t, cpu)]  # (wall, CPU) at each quarter of the input
    quarter = max(1, (count_articles(path, limit) + 3) // 4)
    with out.open("w", encoding="utf-8") as f:
        for w in clock.wrap("write", state):
            n += 1
            chars += len(w.article.text)
            f.writelines(record_line(r) for r in w.records)
            f.writelines(entity_line(e) for e in w.entities)
            if n % quarter == 0:
                marks.append((time.perf_counter(), time.process_time()))
    if n % quarter:  # the last quarter is short
        marks.append((time.perf_counter(), time.process_time()))
    order.append("write")
    return {
        "seconds": time.perf_counter() - t,
        "cpu_seconds": round(time.process_time() - cpu, 2),  # every thread's
        "articles": n,
        "stages": clock.exclusive(order),
        **quarters(marks),
    }


def count_articles(path: Path, limit: int | None) -> int:
    with path.open(encoding="utf-8") as f:
        n = sum(1 for line in f if line.strip())
    return min(n, limit) if limit is not None else n


def child(mode: str, path: Path, limit: int | None, out: Path) -> None:
    if mode == "kiwi":
        res = child_kiwi(path, limit)
    else:
        res = child_pipeline(path, limit, mode != "prefilter", out)
    res["peak_rss_mib"] = round(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1
    )
    print(json.dumps(res))


# -- parent side -----------------------------------------------------------------


def spawn(mode: str, path: Path, limit: int | None, out: Path, env=None):
    cmd = [sys.executable, "-m", "bench.run", "--child", mode, str(path), str(out)]
    if limit is not None:
        cmd += ["--limit", str(limit)]
    return subprocess.Popen(
        cmd, cwd=ROOT, stdout=subprocess.PIPE, text=True, env=env or os.environ
    )


def measure(mode: str, path: Path, limit: int | None, out: Path) -> dict:
    proc = spawn("full" if mode == "full4x" else mode, path, limit, out)
    stdout, _ = proc.communicate()
    if proc.returncode:
        raise SystemExit(f"bench: {mode} failed ({proc.returncode})")
    return json.loads(stdout.strip().splitlines()[-1])


def pool2(halves: list[Path], tmp: Path) -> dict:
    """Two single-threaded Kiwi processes side by side, one half each."""
    env = {**os.environ, "KDEAL_KIWI_THREADS": "1"}
    t = time.perf_counter()
    procs = [
        spawn("full", h, None, tmp / f"pool{i}.jsonl", env)
        for i, h in enumerate(halves)
    ]
    outs = [json.loads(p.communicate()[0].strip().splitlines()[-1]) for p in procs]
    wall = time.perf_counter() - t
    busy = max(o["seconds"] for o in outs)  # both started after their model load
    return {
        "seconds": busy,
        "wall_with_load": wall,
        "articles": sum(o["articles"] for o in outs),
        "peak_rss_mib": round(sum(o["peak_rss_mib"] for o in outs), 1),
    }


def write_rows(rows: list[str], path: Path, copies: int = 1) -> None:
    with path.open("w", encoding="utf-8") as f:
        for n in range(copies):
            for line in rows:
                obj = json.loads(line)
                if copies > 1:
                    obj["id"] = f"{obj['id']}-{n}"
                f.write(json.dumps(obj, ensure_ascii=False) + "\n")


def source_rows(limit: int | None) -> tuple[list[str], str]:
    if DUMP.is_file():
        with DUMP.open(encoding="utf-8") as f:
            rows = [line for line in f if line.strip()]
        return rows[:limit] if limit else rows, "dev-dump"
    print("bench: ../shared/articles/dev-dump.jsonl is absent; using corpus/ instead")
    rows = []
    for p in sorted((ROOT / "corpus").glob("*.txt")):
        text = p.read_text("utf-8-sig")
        rows.append(json.dumps({"id": p.stem, "text": text}, ensure_ascii=False))
    return rows, "corpus"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, help="only the first N articles")
    ap.add_argument("--only", help=f"comma-separated subset of {','.join(MODES)}")
    ap.add_argument("--child", nargs=3, metavar=("MODE", "INPUT", "OUT"))
    args = ap.parse_args()
    if args.child:
        mode, path, out = args.child
        return child(mode, Path(path), args.limit, Path(out))
    modes = args.only.split(",") if args.only else list(DEFAULT)
    rows, name = source_rows(args.limit)
    mb = sum(len(json.loads(r)["text"].encode()) for r in rows) / 1e6
    res: dict = {"input": name, "articles": len(rows), "mb": round(mb, 3), "runs": {}}
    with tempfile.TemporaryDirectory() as tmp_s:
        tmp = Path(tmp_s)
        one, four = tmp / "x1.jsonl", tmp / "x4.jsonl"
        write_rows(rows, one)
        write_rows(rows, four, copies=4)
        half = len(rows) // 2
        halves = [tmp / "h0.jsonl", tmp / "h1.jsonl"]
        write_rows(rows[:half], halves[0])
        write_rows(rows[half:], halves[1])
        # the floor and the two paths are timed twice, the second round after the
        # first, and each one's faster run counts: the load of a shared machine
        # moves, and one slow run should decide no ratio
        again = [m for m in REPEATED if m in modes] if len(modes) > 1 else []
        for mode in modes + again:
            print(f"bench: {mode} ...", file=sys.stderr, flush=True)
            if mode == "pool2":
                r = pool2(halves, tmp)
            else:
                r = measure(mode, four if mode == "full4x" else one, None, tmp / mode)
            if mode in res["runs"]:
                first = res["runs"][mode]
                r["seconds_each"] = [first["seconds"], r["seconds"]]
                if first["seconds"] < r["seconds"]:
                    r = {**first, "seconds_each": r["seconds_each"]}
            size = mb * (4 if mode == "full4x" else 1)
            r["articles_per_s"] = round(r["articles"] / r["seconds"], 2)
            r["mb_per_s"] = round(size / r["seconds"], 4)
            res["runs"][mode] = r
            report(mode, r)
        same = _same_records(tmp / "full", tmp / "prefilter")
    res["ratios"] = ratios(res["runs"])
    res["prefilter_records_identical"] = same
    for k, v in res["ratios"].items():
        print(f"{k:>28}: {v}")
    print(f"{'prefilter records identical':>28}: {same}")
    RESULTS.write_text(json.dumps(res, indent=2) + "\n", encoding="utf-8")
    print(f"bench: wrote {RESULTS.relative_to(ROOT)}")


def _same_records(full: Path, pre: Path) -> bool | None:
    """Deal lines of the entity run (entity lines dropped) against the prefilter run."""
    if not (full.exists() and pre.exists()):
        return None
    deals = [ln for ln in full.open(encoding="utf-8") if '"deal_type"' in ln]
    return deals == pre.read_text("utf-8").splitlines(keepends=True)


def ratios(runs: dict) -> dict:
    def div(a: str, b: str, key: str = "mb_per_s"):
        if a in runs and b in runs:
            return round(runs[a][key] / runs[b][key], 3)
        return None

    def cpu(a: str, b: str):
        """Kiwi's CPU seconds over the run's, for the same input: the ratio the
        throughputs would have if both got the same cores."""
        if a in runs and b in runs and "cpu_seconds" in runs[a]:
            return round(runs[b]["cpu_seconds"] / runs[a]["cpu_seconds"], 3)
        return None

    out = {
        "full/kiwi throughput": div("full", "kiwi"),
        "prefilter/kiwi throughput": div("prefilter", "kiwi"),
        "full/kiwi by CPU time": cpu("full", "kiwi"),
        "prefilter/kiwi by CPU time": cpu("prefilter", "kiwi"),
        "pool2/full throughput": div("pool2", "full"),
    }
    if "full4x" in runs and "full" in runs:
        t4, t1 = runs["full4x"]["seconds"], runs["full"]["seconds"]
        out["time 4x / time 1x"] = round(t4 / t1, 3)
        c4, c1 = runs["full4x"]["cpu_seconds"], runs["full"]["cpu_seconds"]
        out["time 4x / time 1x by CPU time"] = round(c4 / c1, 3)
    out["peak RSS MiB (max)"] = max(r["peak_rss_mib"] for r in runs.values())
    return out


def report(mode: str, r: dict) -> None:
    line = (
        f"{mode:>10}: {r['seconds']:8.2f} s  {r['articles_per_s']:7.2f} articles/s  "
        f"{r['mb_per_s']:.4f} MB/s  peak RSS {r['peak_rss_mib']} MiB"
        + (f"  CPU {r['cpu_seconds']:.1f} s" if "cpu_seconds" in r else "")
    )
    print(line, flush=True)
    if "stages" in r:
        print(" " * 12 + "  ".join(f"{k} {v:.2f}s" for k, v in r["stages"].items()))
    if r.get("quarters"):
        print(" " * 12 + "quarters " + "  ".join(f"{q:.2f}s" for q in r["quarters"]))


if __name__ == "__main__":
    main()
