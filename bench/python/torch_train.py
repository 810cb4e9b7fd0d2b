"""PyTorch CPU, float64, as a student would write it: nn.Sequential, autograd, optim.SGD.

--threads 1 (the baseline the table's ratios use) or 2: at these sizes two threads are usually slower.
"""
import argparse

import numpy as np
import torch

import common


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--batch", type=int, nargs="+", default=[10, 100])
    p.add_argument("--warmup", type=int, default=1)
    p.add_argument("--epochs", type=int, default=5)
    p.add_argument("--threads", type=int, default=1)
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    xs_np, ys_np = common.data()
    xs = torch.from_numpy(xs_np)
    ys = torch.from_numpy(ys_np)
    ws, bs = common.parameters()
    for m in args.batch:
        model = torch.nn.Sequential(
            torch.nn.Linear(784, 30), torch.nn.Sigmoid(),
            torch.nn.Linear(30, 10), torch.nn.Sigmoid()).double()
        with torch.no_grad():
            for layer, w, b in zip([model[0], model[2]], ws, bs):
                layer.weight.copy_(torch.from_numpy(w))
                layer.bias.copy_(torch.from_numpy(b.ravel()))
        optimizer = torch.optim.SGD(model.parameters(), lr=common.ETA)

        def epoch(rng):
            order = torch.from_numpy(rng.permutation(common.N))
            for k in range(0, common.N, m):
                pick = order[k:k + m]
                x, y = xs[pick], ys[pick]
                optimizer.zero_grad()
                loss = 0.5 * ((model(x) - y) ** 2).sum() / x.shape[0]   # quadratic cost, mean
                loss.backward()
                optimizer.step()

        common.measure(f"torch {args.threads}thread" + ("s" if args.threads > 1 else ""), m,
                       epoch, args.warmup, args.epochs)


if __name__ == "__main__":
    main()
