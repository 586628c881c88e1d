"""The command line: ``python -m backprop train | evaluate | verify | data``.

User errors (bad options, bad files, a diverging run, not enough memory) print one line
``error: …`` on stderr and exit with status 2; a failed verification exits with status 1;
Ctrl-C prints one line and exits with status 130 (SIGTERM: 143, after the same cleanup of
temporary files); a reader that goes away (``| head``) ends the output quietly with status 141,
as a program stopped by SIGPIPE.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import time
from collections.abc import Sequence

import numpy as np

from backprop.activations import HIDDEN
from backprop.augment import MAX_DEGREES, MAX_SHIFT
from backprop.claims import NOTE_MODULES
from backprop.data import MNIST, DataError, load_mnist
from backprop.losses import OUTPUTS
from backprop.network import BIASES, INITS, Network, model_path
from backprop.schedule import SCHEDULES
from backprop.train import RECOMMENDED, TrainingDiverged, train


def _layers(text: str) -> tuple[int, ...]:
    try:
        sizes = tuple(int(s) for s in text.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"layers must be comma-separated integers such as 784,128,64,10, got {text!r}"
        ) from None
    if len(sizes) < 2 or sizes[0] != 784 or sizes[-1] != 10:
        raise argparse.ArgumentTypeError(
            f"layers must start with 784 (pixels) and end with 10 (digits), got {text!r}"
        )
    return sizes


def _positive_float(text: str) -> float:
    value = float(text)
    if not (value > 0 and np.isfinite(value)):
        raise argparse.ArgumentTypeError(f"must be a positive number, got {text}")
    return value


def _non_negative_int(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be an integer >= 0, got {text}")
    return value


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a positive integer, got {text}")
    return value


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``python -m backprop``."""
    parser = argparse.ArgumentParser(
        prog="python -m backprop",
        description="Train and evaluate the book's networks on MNIST; verify the notes' claims.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    tr = sub.add_parser(
        "train", help="train a network on MNIST and print its test accuracy",
        description="Train a fully connected network by mini-batch SGD on the MNIST training "
        "digits (the full set when it is cached, else the embedded 4,000) and print its accuracy "
        "on the test digits.",
    )
    tr.add_argument("--layers", type=_layers, default=(784, 128, 64, 10),
                    help="neurons per layer, comma-separated (default: 784,128,64,10)")
    tr.add_argument("--hidden", choices=list(HIDDEN), default="relu",
                    help="hidden activation (default: relu)")
    outputs = "; ".join(f"{name}: {layer.summary}" for name, layer in OUTPUTS.items())
    tr.add_argument("--output", choices=list(OUTPUTS), default="softmax",
                    help=f"{outputs} (default: softmax)")
    tr.add_argument("--output-relu", action="store_true",
                    help="ReLU on the output layer before the softmax (note 000's model)")
    tr.add_argument("--bias", choices=BIASES, default="vector",
                    help="a bias per neuron, or one scalar per layer as note 000 (default: vector)")
    tr.add_argument("--init", choices=INITS, default="he",
                    help="initialisation (default: he); 'uniform' draws from ±--init-range")
    tr.add_argument("--init-range", type=_positive_float, default=10.0,
                    help="r of the uniform ±r initialisation (default: 10, as note 000)")
    tr.add_argument("--l2", type=float, default=0.0, help="L2 penalty λ (default: 0)")
    tr.add_argument("--epochs", type=_positive_int, default=RECOMMENDED.epochs,
                    help=f"epochs (default: {RECOMMENDED.epochs})")
    tr.add_argument("--lr", type=_positive_float, default=RECOMMENDED.learning_rate,
                    help=f"learning rate η, the peak of the schedule "
                    f"(default: {RECOMMENDED.learning_rate})")
    tr.add_argument("--momentum", type=float, default=RECOMMENDED.momentum,
                    help=f"momentum μ (default: {RECOMMENDED.momentum})")
    tr.add_argument("--batch-size", type=_positive_int, default=RECOMMENDED.batch_size,
                    help=f"mini-batch size (default: {RECOMMENDED.batch_size})")
    tr.add_argument("--schedule", choices=SCHEDULES, default=RECOMMENDED.schedule,
                    help="learning-rate schedule: constant η; step (η/10 after half the steps, "
                    "η/100 after three quarters); cosine (η·½(1 + cos πp), p the fraction of "
                    f"steps done) (default: {RECOMMENDED.schedule})")
    tr.add_argument("--warmup", type=_non_negative_int, default=RECOMMENDED.warmup,
                    metavar="EPOCHS", help="raise η linearly from near 0 over the first EPOCHS "
                    f"epochs, then follow the schedule (default: {RECOMMENDED.warmup})")
    tr.add_argument("--val", type=float, default=RECOMMENDED.validation, metavar="FRACTION",
                    help="hold out this fraction of the training digits, stratified by class, "
                    "and report the validation loss and accuracy (default: "
                    f"{RECOMMENDED.validation}: none)")
    tr.add_argument("--patience", type=_positive_int, default=RECOMMENDED.patience,
                    metavar="EPOCHS", help="early stopping (needs --val): stop when the "
                    "validation loss has not improved for this many epochs and keep the "
                    "weights of its best epoch (default: "
                    f"{RECOMMENDED.patience or 'off'})")
    tr.add_argument("--augment", action=argparse.BooleanOptionalAction,
                    default=RECOMMENDED.augment,
                    help=f"shift every training image by up to ±{MAX_SHIFT} pixels and rotate it "
                    f"by up to ±{MAX_DEGREES:g}° at random, anew each epoch "
                    f"(default: {'on' if RECOMMENDED.augment else 'off'})")
    tr.add_argument("--seed", type=int, default=0,
                    help="seed of initialisation and shuffling (default: 0)")
    tr.add_argument("--dtype", choices=["float32", "float64"], default="float32",
                    help="floating-point type (default: float32)")
    tr.add_argument("--save", metavar="MODEL.npz",
                    help="write the trained network here (.npz is appended if missing; the "
                    "folder is checked before training)")
    tr.add_argument("--no-progress", action="store_true", help="no progress bar")

    ev = sub.add_parser("evaluate", help="evaluate a saved network on the MNIST test digits")
    ev.add_argument("model", help="a file written by 'train --save'")

    note_ids = ", ".join(name.removeprefix("note") for name in NOTE_MODULES)
    ve = sub.add_parser(
        "verify", help="check every claim of the notes; exit 1 on a surprise",
        description="Check every claim of the notes (symbolically and numerically) and compare "
        "each verdict with the one the registry expects. Exit status: 0 when every verdict is "
        "the expected one, 1 when any differs, 2 on a user error (such as an unknown note).",
    )
    ve.add_argument("--note", choices=[n.removeprefix("note") for n in NOTE_MODULES],
                    metavar="ID", help=f"only the claims of this note: one of {note_ids}")
    ve.add_argument("--json", action="store_true", help="print the results as JSON")

    da = sub.add_parser("data", help="the MNIST data: where it is, and fetching the full set")
    da.add_argument("action", choices=["info", "fetch"],
                    help="info: say which data the book uses; fetch: download the full MNIST")
    return parser


class Terminated(BaseException):
    """SIGTERM arrived: raised where the program is, so that cleanups run (``finally``)."""


def _terminate(signum: int, frame: object) -> None:
    raise Terminated


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    try:
        previous = signal.signal(signal.SIGTERM, _terminate)
    except ValueError:  # not the main thread: leave SIGTERM alone
        previous = None
    try:
        args = build_parser().parse_args(argv)
        status = COMMANDS[args.command](args)
        sys.stdout.flush()  # a closed pipe shows here, not at exit
        return status
    except KeyboardInterrupt:
        print("error: interrupted (Ctrl-C)", file=sys.stderr)
        return 130
    except Terminated:
        print("error: terminated (SIGTERM)", file=sys.stderr)
        return 143
    except BrokenPipeError:
        _discard_stdout()
        return 141
    except MemoryError as err:
        print(f"error: not enough memory: {_one_line(err) or 'an allocation failed'}",
              file=sys.stderr)
        return 2
    except (ValueError, DataError, TrainingDiverged, OSError) as err:
        print(f"error: {_one_line(err)}", file=sys.stderr)
        return 2
    except Exception as err:  # a bug: still one line, and its kind for the report
        print(f"error: unexpected {type(err).__name__}: {_one_line(err)} (please report it)",
              file=sys.stderr)
        return 2
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _one_line(err: BaseException) -> str:
    return " ".join(str(err).split())


def _discard_stdout() -> None:
    """Point stdout at /dev/null so that the interpreter's last flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


def _print_data(data: MNIST) -> None:
    print(f"data: {data.description}")
    if data.note:
        print(f"data: {data.note}")


def cmd_train(args: argparse.Namespace) -> int:
    save_to = model_path(args.save, check=True) if args.save else None
    data = load_mnist(progress=not args.no_progress)
    _print_data(data)
    net = Network(args.layers, hidden=args.hidden, output=args.output,
                  output_relu=args.output_relu, bias=args.bias, l2=args.l2, init=args.init,
                  init_range=args.init_range, dtype=args.dtype, seed=args.seed)
    print(f"network: {'-'.join(map(str, net.sizes))}, {net.n_parameters:,} parameters")
    start = time.perf_counter()
    history = train(net, data.x_train, data.y_train, data.x_test, data.y_test,
                    epochs=args.epochs, learning_rate=args.lr, batch_size=args.batch_size,
                    momentum=args.momentum, schedule=args.schedule, warmup=args.warmup,
                    validation=args.val, patience=args.patience, augment=args.augment,
                    seed=args.seed, progress=not args.no_progress)
    print(f"trained {history.steps:,} steps in {time.perf_counter() - start:.1f} s "
          f"(stopped: {history.stopped}); final training loss {history.loss[-1]:.4f}")
    if history.val_accuracy:
        at = -1 if history.best_epoch is None else history.best_epoch
        print(f"validation ({args.val:.0%} of the training digits): "
              f"loss {history.val_loss[at]:.4f}, accuracy {100 * history.val_accuracy[at]:.2f}%"
              + ("" if history.best_epoch is None else f" (epoch {history.best_epoch}, restored)"))
    constant = float(np.bincount(data.y_test).max()) / len(data.y_test)
    if history.final_test_accuracy <= constant:
        raise TrainingDiverged(
            f"test accuracy {history.final_test_accuracy:.2%} is no better than always answering "
            f"the most common digit ({constant:.2%}): the training failed (rule: accuracy at "
            f"chance; learning rate {args.lr}); nothing saved"
        )
    if save_to is not None:
        print(f"saved: {net.save(save_to)}")
    print(f"test accuracy: {100 * history.final_test_accuracy:.2f}%")
    return 0


def cmd_evaluate(args: argparse.Namespace) -> int:
    net = Network.load(args.model)
    if net.sizes[0] != 784 or net.sizes[-1] != 10:
        raise ValueError(f"{args.model}: the network takes {net.sizes[0]} inputs and gives "
                         f"{net.sizes[-1]} outputs; MNIST needs 784 (pixels) and 10 (digits)")
    data = load_mnist(progress=True)
    _print_data(data)
    print(f"network: {'-'.join(map(str, net.sizes))} from {args.model}")
    print(f"test accuracy: {100 * net.accuracy(data.x_test, data.y_test):.2f}%")
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    from backprop.claims import format_table, run_claims

    results = run_claims(note=args.note)
    if not results:
        raise ValueError(f"no claims for note {args.note!r}")
    if args.json:
        import json

        print(json.dumps([r.as_dict() for r in results], indent=2))
    else:
        print(format_table(results))
    surprises = [r for r in results if not r.as_expected]
    return 1 if surprises else 0


def cmd_data(args: argparse.Namespace) -> int:
    from backprop import data as mnist

    if args.action == "fetch":
        folder = mnist.download(progress=True)
        print(f"full MNIST is in {folder}")
        return 0
    loaded = mnist.load_mnist(download_missing=False)
    print(f"cache folder: {mnist.data_dir()} (set BACKPROP_DATA to change it)")
    print(f"the book will use: {loaded.description}")
    if loaded.note:
        print(f"why: {loaded.note}")
    if loaded.source != "full":
        print("for all 70,000 digits: python -m backprop data fetch")
    return 0


COMMANDS = {"train": cmd_train, "evaluate": cmd_evaluate, "verify": cmd_verify, "data": cmd_data}
