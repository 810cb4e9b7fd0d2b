"""numpy, the whole mini-batch at once as matrices (one example per column): BP1-BP4 as products."""
import numpy as np

import common
from common import sigmoid


def main():
    args = common.arguments(__doc__)
    xs, ys = common.data()
    for m in args.batch:
        (w1, w2), (b1, b2) = common.parameters()
        eta = common.ETA

        def epoch(rng):
            nonlocal w1, w2, b1, b2
            order = rng.permutation(common.N)
            for k in range(0, common.N, m):
                pick = order[k:k + m]
                x = xs[pick].T                      # 784 x m
                y = ys[pick].T                      # 10 x m
                n = x.shape[1]
                a1 = sigmoid(w1 @ x + b1)
                a2 = sigmoid(w2 @ a1 + b2)
                d2 = (a2 - y) * a2 * (1 - a2)       # BP1
                d1 = (w2.T @ d2) * a1 * (1 - a1)    # BP2
                w2 -= (eta / n) * (d2 @ a1.T)       # BP4
                b2 -= (eta / n) * d2.sum(axis=1, keepdims=True)   # BP3
                w1 -= (eta / n) * (d1 @ x.T)
                b1 -= (eta / n) * d1.sum(axis=1, keepdims=True)

        common.measure(args.label or "numpy matrix", m, epoch, args.warmup, args.epochs)


if __name__ == "__main__":
    main()
