"""A fully connected network, forward and backward in the matrix δ form over a mini-batch.

Convention: **rows are samples**. A mini-batch X has shape (K, n₀); layer l has weights
W⁽ˡ⁾ of shape (n_{l-1}, n_l), so that entry w⁽ˡ⁾_{i,n} joins neuron i of layer l-1 to neuron
n of layer l, exactly as note 000 indexes it. The book's notation page maps every note onto this.

Forward, eq. (notation-rows):
    z⁽ˡ⁾ = a⁽ˡ⁻¹⁾ W⁽ˡ⁾ + b⁽ˡ⁾,   a⁽ˡ⁾ = g(z⁽ˡ⁾)   for the hidden layers l = 1 … L-1,  a⁽⁰⁾ = X
    output: ŷ = softmax(z⁽ᴸ⁾)          (softmax + cross-entropy, notes 000-003)
            ŷ = softmax(ReLU(z⁽ᴸ⁾))    (note 000's ReLU on the output layer, `output_relu`)
            ŷ = σ(z⁽ᴸ⁾)                 (sigmoid + quadratic cost, note 004;
                                         or sigmoid + cross-entropy, ``"sigmoid_ce"``)
Backward, eqs. (n002-delta3), (n002-delta2), (notation-grad-w), (n002-grad-b2):
    δ⁽ᴸ⁾ = ∂C/∂z⁽ᴸ⁾ = (ŷ − t)/K            [⊙ 1[z⁽ᴸ⁾ > 0] with output ReLU]
         = (ŷ − t) ⊙ σ'(z⁽ᴸ⁾)/K          (quadratic cost)
         = (ŷ − t)/K                      (sigmoid + cross-entropy: σ' cancels)
    δ⁽ˡ⁻¹⁾ = (δ⁽ˡ⁾ W⁽ˡ⁾ᵀ) ⊙ g'(z⁽ˡ⁻¹⁾)
    ∂C/∂W⁽ˡ⁾ = a⁽ˡ⁻¹⁾ᵀ δ⁽ˡ⁾ + 2λW⁽ˡ⁾        (L2 penalty λ Σ_l ‖W⁽ˡ⁾‖², note 002)
    ∂C/∂b⁽ˡ⁾ = Σ_k δ⁽ˡ⁾_k  (a vector per layer), or Σ_k Σ_n δ⁽ˡ⁾_{k,n} (one scalar, note 000)

The output layers (activation, cost and δ⁽ᴸ⁾ together) are the table `backprop.losses.OUTPUTS`,
the hidden activations `backprop.activations.HIDDEN`. The engine knows no training loop: see
`backprop.train`. Comments ``# step: name`` mark the lines the book's pages show, read through
`backprop.page_utils.engine_line`.
"""

from __future__ import annotations

import inspect
import json
import struct
import tempfile
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import numpy as np

from backprop.activations import HIDDEN, Activation, relu
from backprop.files import atomic_write
from backprop.losses import OUTPUTS, OutputLayer, one_hot

BIASES = ("vector", "scalar")
"""A bias per neuron (usual) or one scalar bias per layer (note 000)."""
INITS = ("he", "xavier", "uniform")
"""He (normal, variance 2/n_in), Xavier/Glorot (uniform), or uniform ±r for every parameter."""


@dataclass
class Forward:
    """What the forward pass keeps for the backward pass.

    ``activations[0]`` is the input X, ``activations[l]`` is a⁽ˡ⁾ for the hidden layers;
    ``z_out`` is the output pre-activation z⁽ᴸ⁾ and ``y_hat`` the network's output.
    """

    activations: list[np.ndarray]
    z_out: np.ndarray
    y_hat: np.ndarray


@dataclass
class Gradients:
    """∂C/∂W⁽ˡ⁾ and ∂C/∂b⁽ˡ⁾ for l = 1 … L, with the same shapes as the parameters."""

    weights: list[np.ndarray]
    biases: list[np.ndarray]


class Network:
    """Every network of the notes: see the module docstring for the equations.

    Parameters
    ----------
    sizes: neurons per layer, input first, e.g. ``(784, 128, 64, 10)``.
    hidden: a name in `activations.HIDDEN`, ``"relu"`` or ``"sigmoid"``; the attribute
        ``activation`` holds its entry (g and g'), which an experiment may replace: the
        gradient-checking page breaks the backward pass that way.
    output: a name in `losses.OUTPUTS`: ``"softmax"`` (cross-entropy), ``"sigmoid"`` (quadratic
        cost ½‖t − a‖²) or ``"sigmoid_ce"`` (sigmoid outputs with the cross-entropy of
        `losses.sigmoid_cross_entropy`); the attribute ``output_layer`` holds its entry.
    output_relu: apply ReLU to z⁽ᴸ⁾ before the softmax (note 000's model).
    bias: ``"vector"`` (one per neuron) or ``"scalar"`` (one per layer, note 000).
    l2: λ of the penalty λ Σ‖W‖² (note 002); its gradient is 2λW.
    init: ``"he"``, ``"xavier"`` or ``"uniform"`` (every weight and bias uniform in ±init_range;
        note 000 proposes ±10).
    dtype: ``np.float32`` or ``np.float64``.
    seed: seed of the initialisation.
    input_range: the interval that images must lie in where the network meets data
        (`predict`, `accuracy`, `backprop.train.train`): ``(0, 1)`` for scaled pixels by
        default, ``None`` for no check. The derivation pages feed `forward`, `cost` and
        `gradients` arbitrary vectors, so those are not range-checked.
    """

    def __init__(
        self,
        sizes: tuple[int, ...] | list[int] = (784, 128, 64, 10),
        hidden: str = "relu",
        output: str = "softmax",
        output_relu: bool = False,
        bias: str = "vector",
        l2: float = 0.0,
        init: str = "he",
        init_range: float = 10.0,
        dtype: np.dtype | type | str = np.float32,
        seed: int = 0,
        input_range: tuple[float, float] | list[float] | None = (0.0, 1.0),
    ) -> None:
        sizes = tuple(int(s) for s in sizes)
        if len(sizes) < 2 or any(s < 1 for s in sizes):
            raise ValueError(f"sizes must be at least two positive layer sizes, got {sizes}")
        if hidden not in HIDDEN:
            raise ValueError(f"hidden activation must be one of {sorted(HIDDEN)}, got {hidden!r}")
        if output not in OUTPUTS:
            raise ValueError(f"output must be one of {tuple(OUTPUTS)}, got {output!r}")
        if output_relu and output != "softmax":
            raise ValueError("output_relu applies only to the softmax output (note 000's model)")
        if bias not in BIASES:
            raise ValueError(f"bias must be one of {BIASES}, got {bias!r}")
        if init not in INITS:
            raise ValueError(f"init must be one of {INITS}, got {init!r}")
        if not (l2 >= 0 and np.isfinite(l2)):
            raise ValueError(f"l2 must be a finite number >= 0, got {l2}")
        if input_range is not None:
            low, high = (float(v) for v in input_range)
            if not low < high:
                raise ValueError(f"input_range must be (low, high) with low < high, "
                                 f"got {input_range}")
            input_range = (low, high)
        self.dtype = np.dtype(dtype)
        if self.dtype not in (np.float32, np.float64):
            raise ValueError(f"dtype must be float32 or float64, got {self.dtype}")
        self.sizes = sizes
        self.hidden = hidden
        self.output = output
        self.output_relu = bool(output_relu)
        self.bias = bias
        self.l2 = float(l2)
        self.init = init
        self.init_range = float(init_range)
        self.seed = int(seed)
        self.input_range = input_range
        self.activation: Activation = HIDDEN[hidden]
        self.output_layer: OutputLayer = OUTPUTS[output]
        self.weights, self.biases = self._initial_parameters()

    # -- parameters ------------------------------------------------------------------------

    def _initial_parameters(self) -> tuple[list[np.ndarray], list[np.ndarray]]:
        rng = np.random.default_rng(self.seed)
        weights, biases = [], []
        for n_in, n_out in zip(self.sizes[:-1], self.sizes[1:], strict=True):
            b_shape = (n_out,) if self.bias == "vector" else (1,)
            if self.init == "he":
                w = rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_in, n_out))
                b = np.zeros(b_shape)
            elif self.init == "xavier":
                r = np.sqrt(6.0 / (n_in + n_out))
                w = rng.uniform(-r, r, size=(n_in, n_out))
                b = np.zeros(b_shape)
            else:
                w = rng.uniform(-self.init_range, self.init_range, size=(n_in, n_out))
                b = rng.uniform(-self.init_range, self.init_range, size=b_shape)
            weights.append(w.astype(self.dtype))
            biases.append(b.astype(self.dtype))
        return weights, biases

    @property
    def n_parameters(self) -> int:
        """How many numbers the network learns."""
        return sum(w.size for w in self.weights) + sum(b.size for b in self.biases)

    def config(self) -> dict:
        """The constructor arguments (enough to rebuild the network)."""
        return {
            "sizes": list(self.sizes),
            "hidden": self.hidden,
            "output": self.output,
            "output_relu": self.output_relu,
            "bias": self.bias,
            "l2": self.l2,
            "init": self.init,
            "init_range": self.init_range,
            "dtype": self.dtype.name,
            "seed": self.seed,
            "input_range": None if self.input_range is None else list(self.input_range),
        }

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.config().items())
        return f"Network({args})"

    # -- input checks ----------------------------------------------------------------------

    def check_inputs(self, x: np.ndarray, data: bool = False) -> np.ndarray:
        """X as a (K, n₀) array of this network's dtype; `ValueError` naming what is wrong.

        With ``data`` (images to train on or score), values must also lie in ``input_range``.
        """
        x = np.asarray(x)
        if x.ndim != 2 or x.shape[1] != self.sizes[0]:
            raise ValueError(
                f"inputs must have shape (K, {self.sizes[0]}) (rows are samples), got {x.shape}"
            )
        if x.shape[0] == 0:
            raise ValueError("inputs are empty: a batch needs at least one sample")
        if not np.issubdtype(x.dtype, np.number) or np.issubdtype(x.dtype, np.complexfloating):
            raise ValueError(f"inputs must be real numbers, got dtype {x.dtype}")
        if not np.all(np.isfinite(x)):
            bad = np.argwhere(~np.isfinite(x))[0]
            kind = "NaN" if np.isnan(x[tuple(bad)]) else "inf"
            raise ValueError(f"inputs contain {kind} (first at sample {bad[0]}, feature {bad[1]})")
        if data and self.input_range is not None:
            low, high = self.input_range
            x_min, x_max = x.min(), x.max()
            if x_min < low or x_max > high:
                hint = (": unscaled pixels? divide 0-255 images by 255" if x_max > 1.5 else "")
                raise ValueError(f"inputs lie in [{x_min:g}, {x_max:g}], outside the expected "
                                 f"[{low:g}, {high:g}]{hint} (or build the Network with "
                                 "input_range=None)")
        with np.errstate(over="ignore"):
            cast = x.astype(self.dtype, copy=False)
        if cast is not x and not np.all(np.isfinite(cast)):
            bad = np.argwhere(~np.isfinite(cast))[0]
            raise ValueError(f"inputs overflow {self.dtype} (first at sample {bad[0]}, "
                             f"feature {bad[1]})")
        return cast

    def check_labels(self, labels: np.ndarray, count: int | None = None) -> np.ndarray:
        """Integer labels of shape (K,) in 0 … n_L − 1 (and K = ``count`` if given);
        `ValueError` naming what is wrong."""
        labels = np.asarray(labels)
        classes = self.sizes[-1]
        if labels.ndim != 1:
            raise ValueError(f"labels must have shape (K,), got {labels.shape}")
        if count is not None and labels.shape[0] != count:
            raise ValueError(f"{labels.shape[0]} labels for {count} input rows")
        if not np.issubdtype(labels.dtype, np.integer):
            raise ValueError(f"labels must be integers, got dtype {labels.dtype}")
        if labels.size and (labels.min() < 0 or labels.max() >= classes):
            bad = labels[(labels < 0) | (labels >= classes)][0]
            raise ValueError(f"label {bad} is out of range: labels must lie in 0..{classes - 1}")
        return labels

    def targets(self, labels: np.ndarray, count: int | None = None) -> np.ndarray:
        """The one-hot target matrix t (K, n_L) from integer labels; `ValueError` if invalid."""
        return one_hot(self.check_labels(labels, count), self.sizes[-1], self.dtype)

    # -- forward and backward ----------------------------------------------------------------

    def forward(self, x: np.ndarray, check: bool = True) -> Forward:
        """The forward pass, eq. (notation-rows), keeping what `backward` needs."""
        if check:
            x = self.check_inputs(x)
        activations = [x]
        a = x
        last = len(self.weights) - 1
        for layer in range(last):
            z = a @ self.weights[layer]  # step: forward-weights
            z += self.biases[layer]  # step: forward-bias
            a = self.activation.g(z, z)  # step: forward-activation
            activations.append(a)
        z_out = a @ self.weights[last]
        z_out += self.biases[last]
        z_last = relu(z_out) if self.output_relu else z_out  # note 000's output ReLU
        y_hat = self.output_layer.activation(z_last)  # step: output-activation
        return Forward(activations, z_out, y_hat)

    def output_delta(self, fwd: Forward, t: np.ndarray) -> np.ndarray:
        """δ⁽ᴸ⁾ = ∂C/∂z⁽ᴸ⁾ of the data term of the cost, eq. (n002-delta3): the output layer's
        delta, times the ReLU mask 1[z⁽ᴸ⁾ > 0] with ``output_relu``."""
        delta = self.output_layer.delta(fwd.y_hat, t)
        if self.output_relu:
            delta *= fwd.z_out > 0
        return delta

    def backward(self, fwd: Forward, t: np.ndarray) -> Gradients:
        """∂C/∂W⁽ˡ⁾ and ∂C/∂b⁽ˡ⁾ for every layer, eqs. (n002-delta2),
        (notation-grad-w), (n002-grad-b2).

        ``t`` is the one-hot target matrix of the batch (`targets`).
        """
        if t.shape != fwd.y_hat.shape:
            raise ValueError(f"targets must have shape {fwd.y_hat.shape}, got {t.shape}")
        delta = self.output_delta(fwd, t)
        n_layers = len(self.weights)
        grad_w: list[np.ndarray] = [np.empty(0)] * n_layers
        grad_b: list[np.ndarray] = [np.empty(0)] * n_layers
        for layer in range(n_layers - 1, -1, -1):  # step: backward-loop
            a_prev = fwd.activations[layer]
            gw = a_prev.T @ delta  # step: grad-w
            if self.l2:
                gw += (2 * self.l2) * self.weights[layer]
            grad_w[layer] = gw
            if self.bias == "vector":
                grad_b[layer] = delta.sum(axis=0)  # step: grad-b
            else:
                grad_b[layer] = delta.sum().reshape(1)
            if layer:
                delta = delta @ self.weights[layer].T  # step: delta-back
                delta *= self.activation.prime_from_output(a_prev)  # step: delta-mask
        return Gradients(grad_w, grad_b)

    def gradients(self, x: np.ndarray, labels: np.ndarray) -> Gradients:
        """Forward then backward on a batch given by inputs and integer labels."""
        fwd = self.forward(x)
        return self.backward(fwd, self.targets(labels, fwd.y_hat.shape[0]))

    # -- cost and predictions ----------------------------------------------------------------

    def squared_weight_norm(self) -> float:
        """Σ_l ‖W⁽ˡ⁾‖², the sum of the squares of all weights (in float64), which L2 charges."""
        return float(sum(np.sum(w.astype(np.float64) ** 2) for w in self.weights))

    def penalty(self) -> float:
        """λ Σ_l ‖W⁽ˡ⁾‖² (note 002's L2 term; 0 when λ = 0)."""
        if not self.l2:
            return 0.0
        return self.l2 * self.squared_weight_norm()

    def cost_of(self, fwd: Forward, t: np.ndarray) -> float:
        """The cost of a batch whose forward pass is ``fwd``: data term plus L2 penalty."""
        return self.output_layer.cost(fwd.y_hat, t) + self.penalty()

    def cost(self, x: np.ndarray, labels: np.ndarray) -> float:
        """C on a batch: cross-entropy (or quadratic cost) averaged over samples, plus λΣ‖W‖²."""
        fwd = self.forward(x)
        return self.cost_of(fwd, self.targets(labels, fwd.y_hat.shape[0]))

    def predict(self, x: np.ndarray, batch: int = 10_000) -> np.ndarray:
        """The predicted digit of each row: the output neuron with the highest value.

        The images must lie in ``input_range`` (`check_inputs` with ``data=True``)."""
        x = self.check_inputs(x, data=True)
        return np.concatenate(
            [self.forward(x[i : i + batch], check=False).y_hat.argmax(axis=1)
             for i in range(0, x.shape[0], batch)]
        )

    def accuracy(self, x: np.ndarray, labels: np.ndarray) -> float:
        """The fraction of rows whose predicted digit equals the label (labels checked as in
        `check_labels`: one integer per row, in range)."""
        predicted = self.predict(x)
        return float(np.mean(predicted == self.check_labels(labels, predicted.shape[0])))

    # -- saving ------------------------------------------------------------------------------

    def save(self, path: str | Path) -> Path:
        """Write the configuration and parameters to an ``.npz`` file; return the path written.

        ``.npz`` is appended when ``path`` lacks it (as `model_path` says). The file is written
        atomically (`backprop.files.atomic_write`): a failed or interrupted save leaves the
        previous file intact and no temporary file behind; `OSError` names the file.
        """
        target = model_path(path)
        arrays: dict[str, Any] = {f"W{i}": w for i, w in enumerate(self.weights)}
        arrays |= {f"b{i}": b for i, b in enumerate(self.biases)}
        config = np.array(json.dumps(self.config()))
        try:
            atomic_write(target, lambda f: np.savez(f, config=config, **arrays))
        except OSError as err:
            raise OSError(f"{target}: cannot save the network ({err.strerror or err}); "
                          "any previous file there is unchanged") from None
        return target

    @classmethod
    def load(cls, path: str | Path) -> Network:
        """Read a network written by `save`; `ValueError` naming the file and the problem.

        Nothing is trusted before it is checked: the configuration must hold only constructor
        arguments; every array's shape and dtype are read from its ``.npy`` header and compared
        with the configuration before any array is read (a small file that claims a huge layer
        allocates nothing); every value must be finite.
        """
        try:
            with zipfile.ZipFile(path) as archive:
                _check_member_sizes(archive, Path(path).stat().st_size)
                config = _read_config(archive)
                sizes, dtype, bias = _checked_layout(config)
                expected: dict[str, tuple[int, ...]] = {}
                for i, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:], strict=True)):
                    expected[f"W{i}"] = (n_in, n_out)
                    expected[f"b{i}"] = (n_out,) if bias == "vector" else (1,)
                arrays = _read_arrays(archive, expected, dtype)
            net = cls(**config)
        except (FileNotFoundError, IsADirectoryError, PermissionError) as err:
            raise ValueError(f"{path}: {err.strerror}") from None
        except (ValueError, TypeError) as err:
            raise ValueError(f"{path}: not a usable backprop network: {err}") from None
        except (OSError, EOFError, zipfile.BadZipFile, zlib.error, SyntaxError, struct.error,
                NotImplementedError, RuntimeError, OverflowError) as err:
            # what zipfile and numpy's header parser raise on damaged bytes (a flipped byte in
            # a header makes literal_eval raise SyntaxError; an unknown compression method
            # NotImplementedError; an "encrypted" flag RuntimeError)
            raise ValueError(f"{path}: not a saved backprop network, or damaged "
                             f"({type(err).__name__}: {err})") from None
        net.weights = [arrays[f"W{i}"] for i in range(len(sizes) - 1)]
        net.biases = [arrays[f"b{i}"] for i in range(len(sizes) - 1)]
        return net


def model_path(path: str | Path, check: bool = False) -> Path:
    """The file `Network.save` writes for ``path``: ``.npz`` appended if it lacks it.

    With ``check``, `ValueError` unless the folder exists and a file can be written in it and
    the path is not a folder: so a command can refuse a bad ``--save`` before training.
    """
    target = Path(path)
    if target.suffix != ".npz":
        target = target.with_name(target.name + ".npz")
    if check:
        folder = target.parent
        if not folder.is_dir():
            raise ValueError(f"{target}: cannot save there: folder {folder} does not exist")
        if target.is_dir():
            raise ValueError(f"{target}: cannot save there: it is a folder")
        try:
            with tempfile.TemporaryFile(dir=folder):
                pass
        except OSError as err:
            raise ValueError(f"{target}: cannot save there: {err.strerror or err}") from None
    return target


CONFIG_BYTES = 1 << 16
"""The largest configuration `Network.load` reads (a real one is about 300 bytes)."""

DEFLATE_RATIO = 1100
"""Deflate expands at most about 1032:1: a member claiming more is not a real one."""


def _check_member_sizes(archive: zipfile.ZipFile, file_size: int) -> None:
    """Each member's declared size must be possible for the bytes it occupies on disk."""
    stored = 0
    for info in archive.infolist():
        stored += info.compress_size
        if info.compress_type == zipfile.ZIP_STORED and info.compress_size != info.file_size:
            raise ValueError(f"{info.filename} declares {info.file_size} bytes but stores "
                             f"{info.compress_size}")
        if info.file_size > DEFLATE_RATIO * max(info.compress_size, 1):
            raise ValueError(f"{info.filename} declares {info.file_size} bytes, impossible "
                             f"from {info.compress_size} compressed")
    if stored > file_size:
        raise ValueError(f"its members claim {stored} bytes but the file has {file_size}")


def _npy_header(f: IO[bytes]) -> tuple[tuple[int, ...], np.dtype]:
    """The shape and dtype that a ``.npy`` member's header declares (nothing else is read)."""
    version = np.lib.format.read_magic(f)
    if version not in ((1, 0), (2, 0)):
        raise ValueError(f".npy format version {version} is not supported")
    read = (np.lib.format.read_array_header_1_0 if version == (1, 0)
            else np.lib.format.read_array_header_2_0)
    try:
        shape, fortran, dtype = read(f)
    except (ValueError, EOFError, zipfile.BadZipFile):
        raise
    except Exception as err:  # numpy parses the header text: damaged bytes raise anything
        raise ValueError(f"damaged .npy header ({type(err).__name__}: {err})") from None
    return shape, dtype


def _read_member(archive: zipfile.ZipFile, name: str, shape: tuple[int, ...],
                 dtype: np.dtype) -> np.ndarray:
    """The array ``name`` of ``archive`` after its header says ``shape`` and ``dtype``."""
    if f"{name}.npy" not in archive.namelist():
        raise ValueError(f"array {name} is missing")
    info = archive.getinfo(f"{name}.npy")
    with archive.open(info) as f:
        got_shape, got_dtype = _npy_header(f)
        if got_dtype != dtype or (shape and got_shape != shape):
            raise ValueError(f"array {name} is {got_dtype} of shape {got_shape}, the "
                             f"configuration says {dtype} of shape {shape}")
        if info.file_size != f.tell() + int(np.prod(got_shape)) * got_dtype.itemsize:
            raise ValueError(f"array {name}: its size does not match its header")
    with archive.open(info) as f:  # read_array reads the header again
        return np.lib.format.read_array(f, allow_pickle=False)


def _read_config(archive: zipfile.ZipFile) -> dict:
    names = archive.namelist()
    if "config.npy" not in names:
        raise ValueError("no configuration (config.npy) in it")
    if archive.getinfo("config.npy").file_size > CONFIG_BYTES:
        raise ValueError("its configuration is too large to be one")
    with archive.open("config.npy") as f:
        shape, dtype = _npy_header(f)
    if shape != () or dtype.kind != "U":
        raise ValueError(f"its configuration is {dtype} of shape {shape}, not a JSON string")
    config = json.loads(str(_read_member(archive, "config", (), dtype)))
    if not isinstance(config, dict):
        raise ValueError("its configuration is not a JSON object")
    known = set(inspect.signature(Network).parameters)
    if unknown := sorted(set(config) - known):
        raise ValueError(f"unknown configuration key(s) {', '.join(map(repr, unknown))}")
    return config


def _checked_layout(config: dict) -> tuple[list[int], np.dtype, str]:
    """The sizes, dtype and bias mode of ``config``, checked for type before any use."""
    sizes = config.get("sizes")
    if (not isinstance(sizes, list) or len(sizes) < 2
            or not all(isinstance(s, int) and not isinstance(s, bool) and s >= 1
                       for s in sizes)):
        raise ValueError(f"configuration sizes {sizes!r} is not a list of positive integers")
    dtype_name = config.get("dtype", "float32")
    if dtype_name not in ("float32", "float64"):
        raise ValueError(f"configuration dtype {dtype_name!r} is not float32 or float64")
    bias = config.get("bias", "vector")
    if bias not in BIASES:
        raise ValueError(f"configuration bias {bias!r} is not one of {BIASES}")
    return sizes, np.dtype(dtype_name), bias


def _read_arrays(archive: zipfile.ZipFile, expected: dict[str, tuple[int, ...]],
                 dtype: np.dtype) -> dict[str, np.ndarray]:
    extra = sorted(set(archive.namelist()) - {f"{n}.npy" for n in expected} - {"config.npy"})
    if extra:
        raise ValueError(f"unexpected member(s) {', '.join(extra)}")
    arrays = {name: _read_member(archive, name, shape, dtype) for name, shape in expected.items()}
    for name, array in arrays.items():
        if not np.all(np.isfinite(array)):
            raise ValueError(f"array {name} holds non-finite values (NaN or inf)")
    return arrays
