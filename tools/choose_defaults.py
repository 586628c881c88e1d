"""Choose the command line's default training options on validation data, then report them.

    python tools/choose_defaults.py [--seeds 0 1 2] [--report-seeds 0 1 2 3 4]

Step 1 trains every candidate below on the training digits less a stratified 10% validation
split (`backprop.train.validation_split`) from each of ``--seeds`` and ranks the candidates by
mean validation accuracy; the test digits are not looked at. Step 2 trains the old defaults
and the winner on all the training digits from each of ``--report-seeds`` and prints the mean
and standard deviation of the test accuracy. The 784-128-64-10 ReLU network, batch 32.
"""

from __future__ import annotations

import argparse
import itertools
import time

import numpy as np

from backprop.data import load_mnist
from backprop.network import Network
from backprop.train import train, validation_split

GRID = {
    "learning_rate": (0.02, 0.05, 0.1),
    "momentum": (0.0, 0.9),
    "schedule": ("constant", "step", "cosine"),
    "augment": (False, True),
    "epochs": (15, 30),
}
OLD = {"cli (before)": dict(epochs=15, learning_rate=0.05, momentum=0.9, schedule="constant",
                            augment=False),
       "train() (before)": dict(epochs=10, learning_rate=0.1, momentum=0.0,
                                schedule="constant", augment=False)}


def run(options: dict, x, y, x_eval, y_eval, seed: int) -> float:
    net = Network((784, 128, 64, 10), seed=seed)
    train(net, x, y, batch_size=32, seed=seed, progress=False, evaluate=False, **options)
    return net.accuracy(x_eval, y_eval)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    parser.add_argument("--report-seeds", type=int, nargs="+", default=[0, 1, 2, 3, 4])
    args = parser.parse_args()
    data = load_mnist()
    print(f"data: {data.description}")
    keep, val = validation_split(data.y_train, 0.1)
    xt, yt, xv, yv = data.x_train[keep], data.y_train[keep], data.x_train[val], data.y_train[val]
    print(f"step 1: {len(keep)} training and {len(val)} validation digits, seeds {args.seeds}")
    scores = []
    start = time.perf_counter()
    for values in itertools.product(*GRID.values()):
        options = dict(zip(GRID, values, strict=True))
        accs = [run(options, xt, yt, xv, yv, s) for s in args.seeds]
        scores.append((float(np.mean(accs)), options))
        print(f"  val {100 * np.mean(accs):6.2f}% ± {100 * np.std(accs, ddof=1):4.2f}  {options}"
              f"  [{time.perf_counter() - start:.0f} s]", flush=True)
    scores.sort(key=lambda s: -s[0])
    print("best 8 by mean validation accuracy:")
    for acc, options in scores[:8]:
        print(f"  {100 * acc:6.2f}%  {options}")
    best = scores[0][1]
    print(f"\nstep 2: test accuracy over seeds {args.report_seeds}, "
          "trained on all training digits")
    for name, options in [*OLD.items(), ("new defaults", best)]:
        accs = [run(options, data.x_train, data.y_train, data.x_test, data.y_test, s)
                for s in args.report_seeds]
        print(f"  {name:<18} mean {100 * np.mean(accs):.2f}%, std {100 * np.std(accs, ddof=1):.2f}"
              f" pp, min {100 * min(accs):.2f}%, max {100 * max(accs):.2f}%  {options}",
              flush=True)


if __name__ == "__main__":
    main()
