"""Shared by the baseline scripts: the benchmark's workload, its data and the timing.

Workload: a [784, 30, 10] sigmoid network, quadratic cost C = (1/m) sum_x 1/2 ||a - y||^2, plain
SGD with eta = 3, float64, on 10,000 synthetic MNIST-shaped examples: inputs uniform in [0, 1),
labels uniform in 0..9 with one-hot targets; weights N(0, 1/n_in), biases N(0, 1). The same
semantics as bench/src/main/java/backprop/bench/Workload.java (not the same random numbers).

Each script prints "key<TAB>value" lines that bench/run hands to the Java side, which prints the
one table: key = "<program> <batch>", value = examples/s, the median of the measured epochs after
warm-up epochs; and once per program "blas <program><TAB>the BLAS it ran", after checking that
it runs the best kernels this CPU supports (blas.require_best: it stops the script otherwise).
"""
import argparse
import statistics
import time

import numpy as np

import blas

N = 10_000
SIZES = [784, 30, 10]
ETA = 3.0


def data(seed=1):
    """xs: N x 784 (one example per row), ys: N x 10 one-hot."""
    rng = np.random.default_rng(seed)
    xs = rng.random((N, SIZES[0]))
    labels = rng.integers(0, 10, N)
    ys = np.zeros((N, 10))
    ys[np.arange(N), labels] = 1.0
    return xs, ys


def parameters(seed=1):
    """Weights w[l] (n_l x n_(l-1)) from N(0, 1/n_(l-1)) and biases b[l] (n_l x 1) from N(0, 1)."""
    rng = np.random.default_rng(seed)
    ws = [rng.standard_normal((n, k)) / np.sqrt(k) for k, n in zip(SIZES[:-1], SIZES[1:])]
    bs = [rng.standard_normal((n, 1)) for n in SIZES[1:]]
    return ws, bs


def arguments(description):
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--batch", type=int, nargs="+", default=[10, 100])
    p.add_argument("--warmup", type=int, default=1, help="epochs not timed")
    p.add_argument("--epochs", type=int, default=5, help="epochs timed; the median is reported")
    p.add_argument("--label", default=None, help="the program's name in the output")
    p.add_argument("--machine-settings", action="store_true",
                   help="run with the environment's BLAS settings as they are, whatever kernels "
                        "they choose (a line of the table labelled so); without it the script "
                        "stops unless it runs the best kernels for the CPU")
    args = p.parse_args()
    global _check_kernels
    _check_kernels = not args.machine_settings
    return args


_described = set()
_check_kernels = True


def measure(name, batch, epoch, warmup, epochs):
    """Runs epoch(rng) warmup + epochs times; prints and returns the median examples/s."""
    if name not in _described:
        if _check_kernels:
            blas.require_best()
        print(f"blas {name}\t{blas.describe()}", flush=True)
        _described.add(name)
    rng = np.random.default_rng(7)
    rates = []
    for i in range(warmup + epochs):
        start = time.perf_counter()
        epoch(rng)
        seconds = time.perf_counter() - start
        if i >= warmup:
            rates.append(N / seconds)
    rate = statistics.median(rates)
    print(f"{name} {batch}\t{rate:.1f}", flush=True)
    return rate


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))
