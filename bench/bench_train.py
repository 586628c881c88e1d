"""One epoch of mini-batch SGD: `backprop.train` beside bare NumPy, the matmul floor, PyTorch.

Run from the repository root (``make bench`` runs this and ``bench_verify.py``)::

    .venv/bin/python bench/bench_train.py [--repeats 5] [--batch-sizes 32 128 1024]
                                          [--dtypes float32 float64] [--no-torch] [--quick]

Every measurement is one epoch over the same synthetic data (60,000 × 784 values uniform in
[0, 1), labels 0-9, seeded), on the 784-128-64-10 ReLU network with softmax and cross-entropy,
plain SGD with η = 0.01, at each batch size and dtype. Each is repeated ``--repeats`` times,
the methods interleaved round-robin so that load from other processes falls on all of them,
and the minimum is reported. The columns:

- ``train()``: one call ``backprop.train(net, x, y, epochs=1, progress=False, evaluate=False)``;
- ``epoch``: the SGD epoch itself (shuffle, forward, loss, backward, update), read off
  `History.seconds` of a 2-epoch call (``seconds[2] − seconds[1]``, timed inside `train`);
- ``setup``: ``train() − epoch``: input checks, one-hot targets and the epoch-0 loss
  (`History.loss[0]`, on a fixed sample of at most 4,096 rows: every 15th row here) that
  `train` does first;
- ``bare``: a minimal NumPy loop written below (shuffle, forward, backward, update, nothing else);
- ``floor``: only the eight matrix products one step needs, into preallocated outputs;
- ``torch``: the same network and loop in PyTorch on the CPU, when ``import torch`` works.

The ratios compare ``epoch`` with the others (the targets of issue 8: ≤ 1.15× bare and
≤ 1.25× floor at batch 128 float32, below PyTorch at every batch size); ``call/bare`` compares
the whole call. Two of them are printed again on their own lines (issue 19's targets:
``call/bare`` ≤ 1.10 at batch 128 float32, ``epoch/floor`` ≤ 1.25 at batch 32 float32).
Then the float32 and float64 test accuracies of the same seeded training on
the MNIST digits that `load_mnist` gives. Timings are printed, never asserted.
"""

from __future__ import annotations

import argparse
import ctypes
import glob
import os
import platform
import time
from collections.abc import Callable

import numpy as np

from backprop.data import load_mnist
from backprop.network import Network
from backprop.train import train

SIZES = (784, 128, 64, 10)
N_SAMPLES = 60_000
LEARNING_RATE = 0.01
PLAIN_SGD = dict(momentum=0.0, schedule="constant", warmup=0, validation=0.0, patience=None,
                 augment=False)
"""`train`'s options of plain SGD (`train.PLAIN_SGD`, its defaults), passed explicitly."""


def synthetic(n: int = N_SAMPLES, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """n × 784 inputs uniform in [0, 1) (float64) and labels 0-9, from one seeded generator."""
    rng = np.random.default_rng(seed)
    return rng.random((n, SIZES[0])), rng.integers(0, SIZES[-1], size=n)


def blas_kernel() -> str:
    """Which BLAS library and kernel NumPy runs, and with how many threads."""
    env = ", ".join(f"{k}={os.environ[k]}" for k in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")
                    if k in os.environ) or "OPENBLAS_CORETYPE unset"
    try:
        from threadpoolctl import threadpool_info

        infos = [i for i in threadpool_info() if i.get("user_api") == "blas"]
        if infos:
            i = infos[0]
            return (f"{i['internal_api']} {i['version']}, kernel {i['architecture']}, "
                    f"{i['num_threads']} threads ({env})")
    except ImportError:
        pass
    libs = glob.glob(os.path.join(os.path.dirname(np.__file__), "..", "numpy.libs", "*openblas*"))
    for path in libs:
        lib = ctypes.CDLL(path)
        for suffix in ("64_", ""):
            core = getattr(lib, f"scipy_openblas_get_corename{suffix}", None)
            config = getattr(lib, f"scipy_openblas_get_config{suffix}", None)
            threads = getattr(lib, f"scipy_openblas_get_num_threads{suffix}", None)
            if core and config and threads:
                core.restype = config.restype = ctypes.c_char_p
                version = config().decode().split()[1]
                return (f"OpenBLAS {version}, kernel {core().decode()}, {threads()} threads "
                        f"({env})")
    return f"BLAS unknown ({env})"


def he_parameters(dtype: np.dtype, seed: int = 0) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """He-initialised weights (n_in, n_out) and zero biases, for the bare loop and the floor."""
    rng = np.random.default_rng(seed)
    weights = [rng.normal(0.0, np.sqrt(2.0 / i), size=(i, o)).astype(dtype)
               for i, o in zip(SIZES[:-1], SIZES[1:], strict=True)]
    return weights, [np.zeros(o, dtype=dtype) for o in SIZES[1:]]


# -- the four contestants: each returns the seconds of one epoch ------------------------------


def backprop_call(x: np.ndarray, y: np.ndarray, batch: int) -> float:
    """One call of ``backprop.train`` for one epoch on a fresh network, set-up included."""
    net = Network(SIZES, dtype=x.dtype, seed=0)
    start = time.perf_counter()
    train(net, x, y, epochs=1, learning_rate=LEARNING_RATE, batch_size=batch, seed=0,
          progress=False, evaluate=False, **PLAIN_SGD)
    return time.perf_counter() - start


def backprop_epoch(x: np.ndarray, y: np.ndarray, batch: int) -> float:
    """The second epoch of a 2-epoch ``backprop.train`` call, as `History.seconds` records it."""
    net = Network(SIZES, dtype=x.dtype, seed=0)
    history = train(net, x, y, epochs=2, learning_rate=LEARNING_RATE, batch_size=batch, seed=0,
                    progress=False, evaluate=False, **PLAIN_SGD)
    return history.seconds[2] - history.seconds[1]


def bare_epoch(x: np.ndarray, y: np.ndarray, batch: int) -> float:
    """A minimal NumPy epoch: shuffle, forward, softmax-CE backward, SGD update, nothing else."""
    (w1, w2, w3), (b1, b2, b3) = he_parameters(x.dtype)
    lr = LEARNING_RATE
    start = time.perf_counter()
    order = np.random.default_rng(0).permutation(x.shape[0])
    for lo in range(0, x.shape[0], batch):
        idx = order[lo : lo + batch]
        xb, yb = x[idx], y[idx]
        k = xb.shape[0]
        h1 = xb @ w1
        h1 += b1
        np.maximum(h1, 0, out=h1)
        h2 = h1 @ w2
        h2 += b2
        np.maximum(h2, 0, out=h2)
        d3 = h2 @ w3
        d3 += b3
        d3 -= d3.max(axis=1, keepdims=True)
        np.exp(d3, out=d3)
        d3 /= d3.sum(axis=1, keepdims=True)
        d3[np.arange(k), yb] -= 1
        d3 /= k
        d2 = d3 @ w3.T
        d2 *= h2 > 0
        d1 = d2 @ w2.T
        d1 *= h1 > 0
        w3 -= lr * (h2.T @ d3)
        b3 -= lr * d3.sum(axis=0)
        w2 -= lr * (h1.T @ d2)
        b2 -= lr * d2.sum(axis=0)
        w1 -= lr * (xb.T @ d1)
        b1 -= lr * d1.sum(axis=0)
    return time.perf_counter() - start


def floor_epoch(x: np.ndarray, y: np.ndarray, batch: int) -> float:
    """Only the matrix products of each step (3 forward, 3 weight gradients, 2 deltas)."""
    weights, _ = he_parameters(x.dtype)
    out = floor_buffers(weights, batch)
    start = time.perf_counter()
    for lo in range(0, x.shape[0], batch):
        floor_step(x[lo : lo + batch], weights, out)
    return time.perf_counter() - start


def floor_buffers(weights: list[np.ndarray], batch: int) -> list[np.ndarray]:
    """Preallocated outputs of the floor's products: h1, h2, z3, d2, d1, then g1, g2, g3."""
    dt = weights[0].dtype
    rows = [np.empty((batch, n), dt) for n in (*SIZES[1:], SIZES[2], SIZES[1])]
    return rows + [np.empty(w.shape, dt) for w in weights]


def floor_step(xb: np.ndarray, weights: list[np.ndarray], out: list[np.ndarray]) -> None:
    """The eight products of one step on a contiguous slice of rows, into ``out``."""
    k = xb.shape[0]
    (w1, w2, w3), (g1, g2, g3) = weights, out[5:]
    h1, h2, z3, d2, d1 = (o[:k] for o in out[:5])
    np.matmul(xb, w1, out=h1)
    np.matmul(h1, w2, out=h2)
    np.matmul(h2, w3, out=z3)
    np.matmul(h2.T, z3, out=g3)
    np.matmul(z3, w3.T, out=d2)
    np.matmul(h1.T, d2, out=g2)
    np.matmul(d2, w2.T, out=d1)
    np.matmul(xb.T, d1, out=g1)


def torch_epoch_factory() -> tuple[Callable[[np.ndarray, np.ndarray, int], float], str] | None:
    """The PyTorch epoch and its version, or None when torch is not importable."""
    try:
        import torch
    except ImportError:
        return None
    if "OPENBLAS_NUM_THREADS" in os.environ:  # the same number of threads as NumPy's BLAS
        torch.set_num_threads(int(os.environ["OPENBLAS_NUM_THREADS"]))

    def torch_epoch(x: np.ndarray, y: np.ndarray, batch: int) -> float:
        dtype = torch.float32 if x.dtype == np.float32 else torch.float64
        torch.manual_seed(0)
        model = torch.nn.Sequential(
            torch.nn.Linear(SIZES[0], SIZES[1]), torch.nn.ReLU(),
            torch.nn.Linear(SIZES[1], SIZES[2]), torch.nn.ReLU(),
            torch.nn.Linear(SIZES[2], SIZES[3]),
        ).to(dtype)
        opt = torch.optim.SGD(model.parameters(), lr=LEARNING_RATE)
        xt, yt = torch.from_numpy(x), torch.from_numpy(y)
        gen = torch.Generator().manual_seed(0)
        start = time.perf_counter()
        order = torch.randperm(x.shape[0], generator=gen)
        for lo in range(0, x.shape[0], batch):
            idx = order[lo : lo + batch]
            opt.zero_grad(set_to_none=True)
            loss = torch.nn.functional.cross_entropy(model(xt[idx]), yt[idx])
            loss.backward()
            opt.step()
        return time.perf_counter() - start

    return torch_epoch, f"torch {torch.__version__}, {torch.get_num_threads()} threads"


# -- the timing table ---------------------------------------------------------------------------


def time_all(batch_sizes: list[int], dtypes: list[str], repeats: int,
             torch_epoch: Callable[[np.ndarray, np.ndarray, int], float] | None) -> list:
    """Minimum seconds of every method, batch size and dtype; methods interleaved per repeat."""
    x64, y = synthetic()
    methods: dict[str, Callable[[np.ndarray, np.ndarray, int], float]] = {
        "train()": backprop_call,
        "epoch": backprop_epoch,
        "bare": bare_epoch,
        "floor": floor_epoch,
    }
    if torch_epoch:
        methods["torch"] = torch_epoch
    rows = []
    for name in dtypes:
        x = x64.astype(name)
        for batch in batch_sizes:
            best = {m: float("inf") for m in methods}
            for method in methods.values():  # warm-up: allocations, BLAS threads
                method(x, y, batch)
            for _ in range(repeats):
                for m, method in methods.items():
                    best[m] = min(best[m], method(x, y, batch))
            best["setup"] = best["train()"] - best["epoch"]
            rows.append((name, batch, best))
            print(f"  measured {name} batch {batch}", flush=True)
    return rows


def format_table(rows: list) -> str:
    """The timing table: seconds, then ratios of the backprop epoch to the others."""
    cols = ["train()", "setup", "epoch", "bare", "floor", "torch"]
    head = (f"{'dtype':<8}{'batch':>6}" + "".join(f"{c:>9}" for c in cols)
            + f"{'ep/bare':>9}{'ep/floor':>9}{'ep/torch':>9}{'call/bare':>10}")
    lines = [head, "-" * len(head)]
    for name, batch, best in rows:
        secs = "".join(f"{best[c]:>9.3f}" if c in best else f"{'-':>9}" for c in cols)
        torch_ratio = f"{best['epoch'] / best['torch']:>9.2f}" if "torch" in best else f"{'-':>9}"
        lines.append(
            f"{name:<8}{batch:>6}{secs}{best['epoch'] / best['bare']:>9.2f}"
            f"{best['epoch'] / best['floor']:>9.2f}{torch_ratio}"
            f"{best['train()'] / best['bare']:>10.2f}"
        )
    return "\n".join(lines)


def target_ratios(rows: list) -> list[str]:
    """The two ratios of issue 19, each on its own line, when their rows were measured.

    ``call/bare`` at batch 128 float32 (target ≤ 1.10): the whole `train` call, set-up
    included, against the bare loop's epoch; ``epoch/floor`` at batch 32 float32 (target
    ≤ 1.25): the epoch against the matrix products alone.
    """
    best = {(name, batch): b for name, batch, b in rows}
    lines = []
    if ("float32", 128) in best:
        b = best["float32", 128]
        lines.append(f"call/bare batch 128 float32: {b['train()'] / b['bare']:.2f}")
    if ("float32", 32) in best:
        b = best["float32", 32]
        lines.append(f"epoch/floor batch 32 float32: {b['epoch'] / b['floor']:.2f}")
    return lines


def accuracy_f32_f64(epochs: int, seeds: list[int]) -> str:
    """Final test accuracy of float32 and float64 training from the same seeds, side by side.

    Each seed fixes the initialisation (drawn in float64, then cast) and the shuffling, so the
    two runs differ only by rounding. The float64 runs' spread over the seeds shows how far
    one seed's accuracy moves anyway.
    """
    data = load_mnist()
    lines = [f"float32 vs float64 on {data.description}",
             f"  784-128-64-10 ReLU, {epochs} epochs, batch 32, η 0.05, momentum 0.9, "
             "constant η, no augmentation",
             f"  {'seed':>4} {'float32':>9} {'float64':>9} {'diff (pp)':>10}"]
    accs: dict[str, list[float]] = {"float32": [], "float64": []}
    for seed in seeds:
        for name in ("float32", "float64"):
            net = Network(SIZES, dtype=name, seed=seed)
            history = train(net, data.x_train, data.y_train, data.x_test, data.y_test,
                            epochs=epochs, learning_rate=0.05, batch_size=32, momentum=0.9,
                            schedule="constant", augment=False, seed=seed, progress=False)
            accs[name].append(history.final_test_accuracy)
        a32, a64 = accs["float32"][-1], accs["float64"][-1]
        lines.append(f"  {seed:>4} {a32:>9.2%} {a64:>9.2%} {100 * (a32 - a64):>+10.2f}")
    diff = 100 * (np.array(accs["float32"]) - np.array(accs["float64"]))
    lines.append(f"  mean difference {diff.mean():+.2f} pp, mean |difference| "
                 f"{np.abs(diff).mean():.2f} pp over {len(seeds)} seeds (target: within 0.3 pp)")
    if len(seeds) > 1:
        lines.append(f"  float64 accuracy from seed to seed: standard deviation "
                     f"{100 * np.std(accs['float64'], ddof=1):.2f} pp; one test digit is "
                     f"{100 / len(data.y_test):.2f} pp")
    return "\n".join(lines)


def step_profile(batch: int, dtype: str, steps: int = 200) -> str:
    """Where one `train` step's time goes: its parts timed on their own, then cProfile.

    The parts are the calls `train` makes per step (the row gather, `Network.forward`,
    `Network.cost_of`, `Network.backward`, the SGD update), each repeated on the same batch;
    beside them the matrix products alone (the floor's share of a step).
    """
    import cProfile
    import io
    import pstats

    x64, y = synthetic()
    x = x64.astype(dtype)
    net = Network(SIZES, dtype=dtype, seed=0)
    t = net.targets(y)
    idx = np.random.default_rng(0).permutation(x.shape[0])[:batch]
    fwd = net.forward(x[idx], check=False)
    grads = net.backward(fwd, t[idx])

    def update() -> None:
        for p, g in zip(net.weights + net.biases, grads.weights + grads.biases, strict=True):
            g *= 0.0  # the same passes as train's `g *= lr; params[i] -= g`, parameters kept
            p -= g

    parts = {
        "gather x[idx], t[idx]": lambda: (x[idx], t[idx]),
        "forward": lambda: net.forward(x[idx], check=False),
        "cost_of": lambda: net.cost_of(fwd, t[idx]),
        "backward": lambda: net.backward(fwd, t[idx]),
        "update": update,
    }
    xb = x[idx]
    lines = [f"one step at batch {batch}, {dtype} (µs, min of 5 × {steps} runs):"]
    total = 0.0
    for name, part in parts.items():
        best = float("inf")
        for _ in range(5):
            start = time.perf_counter()
            for _ in range(steps):
                part()
            best = min(best, (time.perf_counter() - start) / steps)
        total += best
        lines.append(f"  {name:<24}{best * 1e6:>9.1f}")
    buffers = floor_buffers(net.weights, batch)
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(steps):
            floor_step(xb, net.weights, buffers)
        best = min(best, (time.perf_counter() - start) / steps)
    lines.append(f"  {'sum of the parts':<24}{total * 1e6:>9.1f}")
    lines.append(f"  {'its 8 matmuls alone':<24}{best * 1e6:>9.1f}")

    profiler = cProfile.Profile()
    profiler.enable()
    train(net, x, y, epochs=1, learning_rate=LEARNING_RATE, batch_size=batch, seed=0,
          progress=False, evaluate=False, **PLAIN_SGD)
    profiler.disable()
    report = io.StringIO()
    pstats.Stats(profiler, stream=report).sort_stats("tottime").print_stats(12)
    lines.append(f"\ncProfile of train(epochs=1) at batch {batch}, {dtype}, by own time "
                 "(matrix products count in forward and backward):")
    lines += [line for line in report.getvalue().splitlines() if line.strip()][3:]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5, help="runs per measurement (min)")
    parser.add_argument("--batch-sizes", type=int, nargs="+", default=[32, 128, 1024])
    parser.add_argument("--dtypes", nargs="+", default=["float32", "float64"],
                        choices=["float32", "float64"])
    parser.add_argument("--no-torch", action="store_true", help="skip PyTorch even if present")
    parser.add_argument("--accuracy-epochs", type=int, default=15)
    parser.add_argument("--seeds", type=int, nargs="*", default=[0, 1, 2, 3, 4],
                        help="seeds of the float32/float64 accuracy comparison")
    parser.add_argument("--quick", action="store_true", help="2 repeats, batch 128 float32 only")
    parser.add_argument("--profile", type=int, metavar="BATCH",
                        help="only profile one step of train at this batch size (first dtype)")
    args = parser.parse_args()
    if args.profile:
        print(f"numpy {np.__version__}; {blas_kernel()}")
        print(step_profile(args.profile, args.dtypes[0]))
        return
    if args.quick:
        args.repeats, args.batch_sizes, args.dtypes = 2, [128], ["float32"]

    torch_part = None if args.no_torch else torch_epoch_factory()
    print(f"numpy {np.__version__}; {blas_kernel()}")
    print(f"torch: {torch_part[1] if torch_part else 'not importable (see bench/README.md)'}")
    print(f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores; "
          f"one epoch of {N_SAMPLES:,} × {SIZES[0]}, {'-'.join(map(str, SIZES))}, "
          f"min of {args.repeats} runs, wall seconds")
    print("load average before: {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()))
    rows = time_all(args.batch_sizes, args.dtypes, args.repeats,
                    torch_part[0] if torch_part else None)
    print("load average after: {:.1f} {:.1f} {:.1f} (above 0.5: other processes shared the "
          "cores)".format(*os.getloadavg()))
    print()
    print(format_table(rows))
    print()
    for line in target_ratios(rows):
        print(line)
    if args.seeds and args.accuracy_epochs:
        print()
        print(accuracy_f32_f64(args.accuracy_epochs, args.seeds))


if __name__ == "__main__":
    main()
