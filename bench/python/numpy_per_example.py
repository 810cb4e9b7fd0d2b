"""numpy, one example at a time: the structure of Nielsen's network.py (chapter 1).

For each mini-batch, backprop each example alone as (784, 1) columns, add up the gradients, then
take the step w <- w - (eta/m) sum nabla_w.
"""
import random

import numpy as np

import common
from common import sigmoid


def backprop(ws, bs, x, y):
    nabla_b = [np.zeros(b.shape) for b in bs]
    nabla_w = [np.zeros(w.shape) for w in ws]
    activation = x
    activations = [x]
    zs = []
    for b, w in zip(bs, ws):
        z = np.dot(w, activation) + b
        zs.append(z)
        activation = sigmoid(z)
        activations.append(activation)
    delta = (activations[-1] - y) * sigmoid(zs[-1]) * (1 - sigmoid(zs[-1]))          # BP1
    nabla_b[-1] = delta                                                               # BP3
    nabla_w[-1] = np.dot(delta, activations[-2].transpose())                          # BP4
    for l in range(2, len(ws) + 1):
        sp = sigmoid(zs[-l]) * (1 - sigmoid(zs[-l]))
        delta = np.dot(ws[-l + 1].transpose(), delta) * sp                            # BP2
        nabla_b[-l] = delta
        nabla_w[-l] = np.dot(delta, activations[-l - 1].transpose())
    return nabla_b, nabla_w


def update_mini_batch(ws, bs, mini_batch, eta):
    nabla_b = [np.zeros(b.shape) for b in bs]
    nabla_w = [np.zeros(w.shape) for w in ws]
    for x, y in mini_batch:
        delta_nabla_b, delta_nabla_w = backprop(ws, bs, x, y)
        nabla_b = [nb + dnb for nb, dnb in zip(nabla_b, delta_nabla_b)]
        nabla_w = [nw + dnw for nw, dnw in zip(nabla_w, delta_nabla_w)]
    ws[:] = [w - (eta / len(mini_batch)) * nw for w, nw in zip(ws, nabla_w)]
    bs[:] = [b - (eta / len(mini_batch)) * nb for b, nb in zip(bs, nabla_b)]


def main():
    args = common.arguments(__doc__)
    xs, ys = common.data()
    training_data = [(x.reshape(-1, 1), y.reshape(-1, 1)) for x, y in zip(xs, ys)]
    for m in args.batch:
        ws, bs = common.parameters()
        random.seed(7)

        def epoch(rng):
            random.shuffle(training_data)
            for k in range(0, len(training_data), m):
                update_mini_batch(ws, bs, training_data[k:k + m], common.ETA)

        common.measure(args.label or "numpy per-example", m, epoch, args.warmup, args.epochs)


if __name__ == "__main__":
    main()
