"""A fully connected network, forward and backward in the matrix δ form over a mini-batch.

Convention: **rows are samples**. A mini-batch X has shape (K, n₀); layer l has weights
W⁽ˡ⁾ of shape (n_{l-1}, n_l), so that entry w⁽ˡ⁾_{i,n} joins neuron i of layer l-1 to neuron
n of layer l, exactly as note 000 indexes it. The book's notation page maps every note onto this.

Forward, eq. (forward):
    z⁽ˡ⁾ = a⁽ˡ⁻¹⁾ W⁽ˡ⁾ + b⁽ˡ⁾,   a⁽ˡ⁾ = g(z⁽ˡ⁾)   for the hidden layers l = 1 … L-1,  a⁽⁰⁾ = X
    output: ŷ = softmax(z⁽ᴸ⁾)          (softmax + cross-entropy, notes 000-003)
            ŷ = softmax(ReLU(z⁽ᴸ⁾))    (note 000's ReLU on the output layer, `output_relu`)
            ŷ = σ(z⁽ᴸ⁾)                 (sigmoid + quadratic cost, note 004;
                                         or sigmoid + cross-entropy, ``"sigmoid_ce"``)
Backward, eq. (delta-output), (delta-recursion), (grad-W), (grad-b):
    δ⁽ᴸ⁾ = ∂C/∂z⁽ᴸ⁾ = (ŷ − t)/K            [⊙ 1[z⁽ᴸ⁾ > 0] with output ReLU]
         = (ŷ − t) ⊙ σ'(z⁽ᴸ⁾)/K          (quadratic cost)
         = (ŷ − t)/K                      (sigmoid + cross-entropy: σ' cancels)
    δ⁽ˡ⁻¹⁾ = (δ⁽ˡ⁾ W⁽ˡ⁾ᵀ) ⊙ g'(z⁽ˡ⁻¹⁾)
    ∂C/∂W⁽ˡ⁾ = a⁽ˡ⁻¹⁾ᵀ δ⁽ˡ⁾ + 2λW⁽ˡ⁾        (L2 penalty λ Σ_l ‖W⁽ˡ⁾‖², note 002)
    ∂C/∂b⁽ˡ⁾ = Σ_k δ⁽ˡ⁾_k  (a vector per layer), or Σ_k Σ_n δ⁽ˡ⁾_{k,n} (one scalar, note 000)

The engine knows no training loop: see `backprop.train`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from backprop.activations import HIDDEN, relu, sigmoid, softmax
from backprop.losses import cross_entropy, one_hot, quadratic, sigmoid_cross_entropy

OUTPUTS = ("softmax", "sigmoid", "sigmoid_ce")
"""Output layers: softmax with cross-entropy, sigmoid with the quadratic cost, or sigmoid with
the cross-entropy −Σ_j [t_j log a_j + (1 − t_j) log(1 − a_j)] (Nielsen's chapter 3)."""
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
    hidden: ``"relu"`` or ``"sigmoid"``.
    output: ``"softmax"`` (cross-entropy), ``"sigmoid"`` (quadratic cost ½‖t − a‖²) or
        ``"sigmoid_ce"`` (sigmoid outputs with the cross-entropy of `losses.sigmoid_cross_entropy`).
    output_relu: apply ReLU to z⁽ᴸ⁾ before the softmax (note 000's model).
    bias: ``"vector"`` (one per neuron) or ``"scalar"`` (one per layer, note 000).
    l2: λ of the penalty λ Σ‖W‖² (note 002); its gradient is 2λW.
    init: ``"he"``, ``"xavier"`` or ``"uniform"`` (every weight and bias uniform in ±init_range;
        note 000 proposes ±10).
    dtype: ``np.float32`` or ``np.float64``.
    seed: seed of the initialisation.
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
    ) -> None:
        sizes = tuple(int(s) for s in sizes)
        if len(sizes) < 2 or any(s < 1 for s in sizes):
            raise ValueError(f"sizes must be at least two positive layer sizes, got {sizes}")
        if hidden not in HIDDEN:
            raise ValueError(f"hidden activation must be one of {sorted(HIDDEN)}, got {hidden!r}")
        if output not in OUTPUTS:
            raise ValueError(f"output must be one of {OUTPUTS}, got {output!r}")
        if output_relu and output != "softmax":
            raise ValueError("output_relu applies only to the softmax output (note 000's model)")
        if bias not in BIASES:
            raise ValueError(f"bias must be one of {BIASES}, got {bias!r}")
        if init not in INITS:
            raise ValueError(f"init must be one of {INITS}, got {init!r}")
        if not (l2 >= 0 and np.isfinite(l2)):
            raise ValueError(f"l2 must be a finite number >= 0, got {l2}")
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
        self._g, self._g_prime = HIDDEN[hidden]
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
        }

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.config().items())
        return f"Network({args})"

    # -- input checks ----------------------------------------------------------------------

    def check_inputs(self, x: np.ndarray) -> np.ndarray:
        """X as a (K, n₀) array of this network's dtype; `ValueError` naming what is wrong."""
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
        with np.errstate(over="ignore"):
            cast = x.astype(self.dtype, copy=False)
        if cast is not x and not np.all(np.isfinite(cast)):
            bad = np.argwhere(~np.isfinite(cast))[0]
            raise ValueError(f"inputs overflow {self.dtype} (first at sample {bad[0]}, "
                             f"feature {bad[1]})")
        return cast

    def targets(self, labels: np.ndarray) -> np.ndarray:
        """The one-hot target matrix t (K, n_L) from integer labels; `ValueError` if invalid."""
        labels = np.asarray(labels)
        classes = self.sizes[-1]
        if labels.ndim != 1:
            raise ValueError(f"labels must have shape (K,), got {labels.shape}")
        if not np.issubdtype(labels.dtype, np.integer):
            raise ValueError(f"labels must be integers, got dtype {labels.dtype}")
        if labels.size and (labels.min() < 0 or labels.max() >= classes):
            bad = labels[(labels < 0) | (labels >= classes)][0]
            raise ValueError(f"label {bad} is out of range: labels must lie in 0..{classes - 1}")
        return one_hot(labels, classes, self.dtype)

    # -- forward and backward ----------------------------------------------------------------

    def forward(self, x: np.ndarray, check: bool = True) -> Forward:
        """The forward pass, eq. (forward), keeping what `backward` needs."""
        if check:
            x = self.check_inputs(x)
        activations = [x]
        a = x
        last = len(self.weights) - 1
        for layer in range(last):
            z = a @ self.weights[layer]
            z += self.biases[layer]
            a = self._g(z, z)  # in place: z is this pass's own array
            activations.append(a)
        z_out = a @ self.weights[last]
        z_out += self.biases[last]
        if self.output == "softmax":
            y_hat = softmax(relu(z_out) if self.output_relu else z_out)
        else:
            y_hat = sigmoid(z_out)
        return Forward(activations, z_out, y_hat)

    def output_delta(self, fwd: Forward, t: np.ndarray) -> np.ndarray:
        """δ⁽ᴸ⁾ = ∂C/∂z⁽ᴸ⁾ of the data term of the cost, eq. (delta-output)."""
        k = t.shape[0]
        delta = fwd.y_hat - t
        if self.output == "softmax":
            if self.output_relu:
                delta *= fwd.z_out > 0
        elif self.output == "sigmoid":
            delta *= fwd.y_hat * (1 - fwd.y_hat)
        delta /= k
        return delta

    def backward(self, fwd: Forward, t: np.ndarray) -> Gradients:
        """∂C/∂W⁽ˡ⁾ and ∂C/∂b⁽ˡ⁾ for every layer, eqs. (delta-recursion), (grad-W), (grad-b).

        ``t`` is the one-hot target matrix of the batch (`targets`).
        """
        if t.shape != fwd.y_hat.shape:
            raise ValueError(f"targets must have shape {fwd.y_hat.shape}, got {t.shape}")
        delta = self.output_delta(fwd, t)
        n_layers = len(self.weights)
        grad_w: list[np.ndarray] = [np.empty(0)] * n_layers
        grad_b: list[np.ndarray] = [np.empty(0)] * n_layers
        for layer in range(n_layers - 1, -1, -1):
            a_prev = fwd.activations[layer]
            gw = a_prev.T @ delta
            if self.l2:
                gw += (2 * self.l2) * self.weights[layer]
            grad_w[layer] = gw
            if self.bias == "vector":
                grad_b[layer] = delta.sum(axis=0)
            else:
                grad_b[layer] = delta.sum().reshape(1)
            if layer:
                delta = delta @ self.weights[layer].T
                delta *= self._g_prime(a_prev)
        return Gradients(grad_w, grad_b)

    def gradients(self, x: np.ndarray, labels: np.ndarray) -> Gradients:
        """Forward then backward on a batch given by inputs and integer labels."""
        return self.backward(self.forward(x), self.targets(labels))

    # -- cost and predictions ----------------------------------------------------------------

    def penalty(self) -> float:
        """λ Σ_l ‖W⁽ˡ⁾‖² (note 002's L2 term; 0 when λ = 0)."""
        if not self.l2:
            return 0.0
        return self.l2 * float(sum(np.sum(w.astype(np.float64) ** 2) for w in self.weights))

    def cost_of(self, fwd: Forward, t: np.ndarray) -> float:
        """The cost of a batch whose forward pass is ``fwd``: data term plus L2 penalty."""
        if self.output == "softmax":
            data = cross_entropy(fwd.y_hat, t)
        elif self.output == "sigmoid_ce":
            data = sigmoid_cross_entropy(fwd.y_hat, t)
        else:
            data = quadratic(fwd.y_hat, t)
        return data + self.penalty()

    def cost(self, x: np.ndarray, labels: np.ndarray) -> float:
        """C on a batch: cross-entropy (or quadratic cost) averaged over samples, plus λΣ‖W‖²."""
        return self.cost_of(self.forward(x), self.targets(labels))

    def predict(self, x: np.ndarray, batch: int = 10_000) -> np.ndarray:
        """The predicted digit of each row: the output neuron with the highest value."""
        x = self.check_inputs(x)
        return np.concatenate(
            [self.forward(x[i : i + batch], check=False).y_hat.argmax(axis=1)
             for i in range(0, x.shape[0], batch)]
        )

    def accuracy(self, x: np.ndarray, labels: np.ndarray) -> float:
        """The fraction of rows whose predicted digit equals the label."""
        return float(np.mean(self.predict(x) == np.asarray(labels)))

    # -- saving ------------------------------------------------------------------------------

    def save(self, path: str | Path) -> None:
        """Write the configuration and parameters to an ``.npz`` file."""
        arrays = {f"W{i}": w for i, w in enumerate(self.weights)}
        arrays |= {f"b{i}": b for i, b in enumerate(self.biases)}
        np.savez(path, config=json.dumps(self.config()), **arrays)

    @classmethod
    def load(cls, path: str | Path) -> Network:
        """Read a network written by `save`; `ValueError` if the file is not one."""
        try:
            with np.load(path, allow_pickle=False) as data:
                config = json.loads(str(data["config"]))
                net = cls(**config)
                net.weights = [data[f"W{i}"] for i in range(len(net.weights))]
                net.biases = [data[f"b{i}"] for i in range(len(net.biases))]
        except (OSError, KeyError, ValueError) as err:
            raise ValueError(f"{path}: not a saved backprop network ({err})") from err
        for w, n_in, n_out in zip(net.weights, net.sizes[:-1], net.sizes[1:], strict=True):
            if w.shape != (n_in, n_out):
                raise ValueError(f"{path}: weight shape {w.shape} does not match sizes")
        return net
