"""The machine's limit: float64 matrix products (GEMM) of large square matrices with numpy's
OpenBLAS on its best kernels, 1 thread and 2, in GFLOP/s (2 n^3 floating-point operations per
product). No training program can go faster than this on these cores; the table measures each
one against it.

Prints "gemm <threads>thread<TAB>GFLOP/s" and "blas gemm <threads>thread<TAB>what ran" lines.
"""
import argparse
import time

import numpy as np
import threadpoolctl

import blas


def rate(n, threads, repeats):
    rng = np.random.default_rng(3)
    a = rng.random((n, n))
    b = rng.random((n, n))
    with threadpoolctl.threadpool_limits(limits=threads, user_api="blas"):
        a @ b  # warm-up: threads started, pages touched
        best = float("inf")
        for _ in range(repeats):
            start = time.perf_counter()
            a @ b
            best = min(best, time.perf_counter() - start)
        return 2 * n ** 3 / best / 1e9, blas.describe(threads)


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--n", type=int, default=2000)
    p.add_argument("--repeats", type=int, default=5)
    p.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    args = p.parse_args()
    blas.require_best()
    for t in args.threads:
        gflops, what = rate(args.n, t, args.repeats)
        print(f"gemm {t}thread\t{gflops:.2f}", flush=True)
        print(f"blas gemm {t}thread\t{what}, {args.n} x {args.n}", flush=True)


if __name__ == "__main__":
    main()
