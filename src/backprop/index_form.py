"""Note 000's index-sum formulas, run literally at full size, to compare with the engine.

The network is note 000's: one scalar bias per layer, ReLU f on every layer including the
output layer, then the softmax (``Network(..., bias="scalar", output_relu=True)``). Arrays are
in the note's index order **[neuron, image]**: p⁽ˡ⁾_{n,k} is ``p[l][n, k]``, and w⁽ˡ⁾_{i,n}
is ``weights[l][i, n]`` (the engine's ``W⁽ˡ⁾``, which is indexed the same way). With the
note's names,

    Σ⁽ˡ⁾_{n,k} = b⁽ˡ⁾ + Σ_i w⁽ˡ⁾_{i,n} p⁽ˡ⁻¹⁾_{i,k},   p⁽ˡ⁾_{n,k} = f(Σ⁽ˡ⁾_{n,k}),
    I⁽ˡ⁾_{n,k} = 1{Σ⁽ˡ⁾_{n,k} > 0},   p̂_{m,k} = exp p⁽ᴸ⁾_{m,k} / Σ_z exp p⁽ᴸ⁾_{z,k},
    C = −(1/K) Σ_k Σ_j t_{j,k} log p̂_{j,k}.

Each derivative comes twice:

* ``*_loops``: the note's sums as Python loops over every index, in the order the note
  writes them (only the innermost sum may be a NumPy dot product of the same terms); slow,
  so for the weights they compute one entry (α, β);
* the same formula vectorised with ``np.einsum``, whose subscripts are the note's indices
  (``"mk,bk,ak,bmk->ab"`` is Σ_k Σ_m t_{m,k} I_{β,k} p_{α,k} (…)_{β,m,k}), giving the whole
  array.

Where the note's formula fails its check (claims ``000-b3-final``, ``000-b1-final``,
``000-w3-final``, and the softmax's ``Σ_{z=0}^{8}``), the **corrected** formula is
implemented, and the docstring says so; the others are the note's as written (with the
readings of their claims). For the 0-hidden-layer network of part ①, the output-layer
formulas (b⁽³⁾, w⁽³⁾) apply with layer 1 as the output layer.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from backprop.network import Gradients, Network


@dataclass(frozen=True)
class NeuronValues:
    """The note's neuron values for a batch, [neuron, image] (float64).

    ``p[l]`` = p⁽ˡ⁾ for l = 0 … L (``p[0]`` the pixels); ``sigma[l]`` = Σ⁽ˡ⁾, ``I[l]`` = I⁽ˡ⁾,
    ``w[l]`` = w⁽ˡ⁾ and ``b[l]`` = b⁽ˡ⁾ for l = 1 … L (dicts keyed by the note's layer
    number); ``p_hat`` = p̂, ``t`` = the one-hot targets t_{j,k}.
    """

    p: list[np.ndarray]
    sigma: dict[int, np.ndarray]
    I: dict[int, np.ndarray]  # noqa: E741 (the note's name)
    p_hat: np.ndarray
    t: np.ndarray
    w: dict[int, np.ndarray]
    b: dict[int, float]

    @property
    def K(self) -> int:
        """The number of images."""
        return self.p[0].shape[1]

    @property
    def top(self) -> int:
        """The output layer's index L (3 for 784-128-64-10, 1 for 784-10)."""
        return len(self.p) - 1


def check_note_network(net: Network) -> None:
    """`ValueError` unless ``net`` is note 000's model (scalar bias, ReLU, output ReLU)."""
    if net.bias != "scalar" or not net.output_relu or net.hidden != "relu" \
            or net.output != "softmax" or net.l2:
        raise ValueError(
            "note 000's index forms need Network(..., hidden='relu', output='softmax', "
            f"output_relu=True, bias='scalar', l2=0), got {net!r}")


def neuron_values(net: Network, x: np.ndarray, labels: np.ndarray) -> NeuronValues:
    """The neuron values of part ② for images ``x`` (rows are images, as the engine's).

    p⁽ˡ⁾_{n,k} = f(b⁽ˡ⁾ + Σ_{i=0}^{L_{l−1}} w_{i,n} p⁽ˡ⁻¹⁾_{i,k}) for l = 1 … L (claims
    ``000-two-layer1`` … ``000-two-layer3``; the sum over i is ``einsum("in,ik->nk")``), and
    p̂_{n,k} = exp p⁽ᴸ⁾_{n,k} / Σ_{z=0}^{9} exp p⁽ᴸ⁾_{z,k}: the **corrected** softmax, over
    all ten outputs (the note writes Σ_{z=0}^{8}, claim ``000-two-softmax``). Numerator and
    denominator are both multiplied by exp(−max_z p⁽ᴸ⁾_{z,k}), which leaves p̂ unchanged and
    keeps exp from overflowing.
    """
    check_note_network(net)
    x = net.check_inputs(x).astype(np.float64)
    t = net.targets(labels).astype(np.float64).T
    p = [x.T]
    sigma: dict[int, np.ndarray] = {}
    indicator: dict[int, np.ndarray] = {}
    w: dict[int, np.ndarray] = {}
    b: dict[int, float] = {}
    for layer, (weights, bias) in enumerate(zip(net.weights, net.biases, strict=True), start=1):
        w[layer] = weights.astype(np.float64)
        b[layer] = float(bias[0])
        s = b[layer] + np.einsum("in,ik->nk", w[layer], p[-1])
        sigma[layer] = s
        indicator[layer] = (s > 0).astype(np.float64)
        p.append(np.where(s > 0, s, 0.0))
    top = p[-1]
    e = np.exp(top - top.max(axis=0, keepdims=True))
    p_hat = e / e.sum(axis=0, keepdims=True)
    return NeuronValues(p, sigma, indicator, p_hat, t, w, b)


def cost(v: NeuronValues) -> float:
    """C(θ) = −(1/K) Σ_{k=0}^{K−1} Σ_{j=0}^{9} t_{j,k} log p̂_{j,k} (claim ``000-zero-cost``)."""
    total = 0.0
    for k in range(v.K):
        for j in range(v.t.shape[0]):
            if v.t[j, k]:
                total += v.t[j, k] * np.log(v.p_hat[j, k])
    return -total / v.K


# -- the output layer: ∂C/∂b⁽³⁾ and ∂C/∂w⁽³⁾_{α,β} (b⁽¹⁾ and w⁽¹⁾ with 0 hidden layers) ---------


def grad_b_top_loops(v: NeuronValues) -> float:
    """∂C/∂b⁽ᴸ⁾ = −(1/K) Σ_k Σ_{m=0}^{9} t_{m,k} (I_{m,k} − Σ_{z=0}^{9} p̂_{z,k} I_{z,k}).

    The **corrected** form of claim ``000-b3-final``: the note puts neuron m's indicator
    inside the sum over z.
    """
    I, n = v.I[v.top], v.p_hat.shape[0]  # noqa: E741
    total = 0.0
    for k in range(v.K):
        for m in range(n):
            inner = 0.0
            for z in range(n):
                inner += v.p_hat[z, k] * I[z, k]
            total += v.t[m, k] * (I[m, k] - inner)
    return -total / v.K


def grad_b_top(v: NeuronValues) -> float:
    """`grad_b_top_loops` with einsum: −(1/K) Σ_{k,m} t_{m,k}(I_{m,k} − Σ_z p̂_{z,k} I_{z,k})."""
    I = v.I[v.top]  # noqa: E741
    inner = np.einsum("zk,zk->k", v.p_hat, I)
    return float(-np.einsum("mk,mk->", v.t, I - inner[None, :]) / v.K)


def grad_w_top_loops(v: NeuronValues, alpha: int, beta: int) -> float:
    """∂C/∂w⁽ᴸ⁾_{α,β} = −(1/K) Σ_k Σ_{m=0}^{9} t_{m,k} (1{m = β} − p̂_{β,k}) I_{β,k} p⁽ᴸ⁻¹⁾_{α,k}.

    The **corrected** form of claim ``000-w3-final`` (the note's final line drops
    − p̂_{β,k}; its line before, ``000-w3-dphat-factored``, has it).
    """
    I, prev = v.I[v.top], v.p[v.top - 1]  # noqa: E741
    total = 0.0
    for k in range(v.K):
        for m in range(v.p_hat.shape[0]):
            total += v.t[m, k] * ((m == beta) - v.p_hat[beta, k]) * I[beta, k] * prev[alpha, k]
    return -total / v.K


def grad_w_top(v: NeuronValues) -> np.ndarray:
    """`grad_w_top_loops` for every (α, β): einsum ``"mk,mbk,bk,ak->ab"``."""
    I, prev = v.I[v.top], v.p[v.top - 1]  # noqa: E741
    n = v.p_hat.shape[0]
    bracket = np.eye(n)[:, :, None] - v.p_hat[None, :, :]  # (1{m=β} − p̂_{β,k})[m, β, k]
    return -np.einsum("mk,mbk,bk,ak->ab", v.t, bracket, I, prev, optimize=True) / v.K


# -- ∂C/∂b⁽²⁾ and ∂C/∂w⁽²⁾_{α,β} (784-128-64-10 only) ------------------------------------------


def _two_hidden(v: NeuronValues) -> None:
    if v.top != 3:
        raise ValueError(f"this formula is for the 2-hidden-layer network, got {v.top} layers")


def grad_b2_loops(v: NeuronValues) -> float:
    """∂C/∂b⁽²⁾ = −(1/K) Σ_k Σ_m t_{m,k} (Σ_{i=0}^{63} w⁽³⁾_{i,m} 1{Σ⁽³⁾_{m,k} > 0, Σ⁽²⁾_{i,k} > 0}
    − Σ_{z=0}^{9} p̂_{z,k} Σ_{i=0}^{63} w⁽³⁾_{i,z} 1{Σ⁽³⁾_{z,k} > 0, Σ⁽²⁾_{i,k} > 0}),
    the note's result as written (claim ``000-b2-final``, which holds)."""
    _two_hidden(v)
    w3, I3, I2 = v.w[3], v.I[3], v.I[2]
    n3, n2 = w3.shape[1], w3.shape[0]
    total = 0.0
    for k in range(v.K):
        for m in range(n3):
            first = 0.0
            for i in range(n2):
                first += w3[i, m] * I3[m, k] * I2[i, k]
            second = 0.0
            for z in range(n3):
                for i in range(n2):
                    second += v.p_hat[z, k] * w3[i, z] * I3[z, k] * I2[i, k]
            total += v.t[m, k] * (first - second)
    return -total / v.K


def grad_b2(v: NeuronValues) -> float:
    """`grad_b2_loops` with einsum (A_{m,k} = Σ_i w⁽³⁾_{i,m} I⁽³⁾_{m,k} I⁽²⁾_{i,k})."""
    _two_hidden(v)
    a = np.einsum("im,mk,ik->mk", v.w[3], v.I[3], v.I[2])
    bracket = a - np.einsum("zk,zk->k", v.p_hat, a)[None, :]
    return float(-np.einsum("mk,mk->", v.t, bracket) / v.K)


def grad_w2_loops(v: NeuronValues, alpha: int, beta: int) -> float:
    """∂C/∂w⁽²⁾_{α,β} = −(1/K) Σ_k Σ_m t_{m,k} I⁽²⁾_{β,k} p⁽¹⁾_{α,k} (I⁽³⁾_{m,k} w⁽³⁾_{β,m}
    − Σ_{z=0}^{9} p̂_{z,k} I⁽³⁾_{z,k} w⁽³⁾_{β,z}), the note's result (claim ``000-w2-final``,
    with its reading of the first factors)."""
    _two_hidden(v)
    w3, I3, I2, p1 = v.w[3], v.I[3], v.I[2], v.p[1]
    total = 0.0
    for k in range(v.K):
        for m in range(w3.shape[1]):
            inner = 0.0
            for z in range(w3.shape[1]):
                inner += v.p_hat[z, k] * I3[z, k] * w3[beta, z]
            total += v.t[m, k] * I2[beta, k] * p1[alpha, k] * (I3[m, k] * w3[beta, m] - inner)
    return -total / v.K


def grad_w2(v: NeuronValues) -> np.ndarray:
    """`grad_w2_loops` for every (α, β): einsum ``"mk,bk,ak,bmk->ab"``."""
    _two_hidden(v)
    w3, I3 = v.w[3], v.I[3]
    a = np.einsum("mk,bm->bmk", I3, w3)  # I⁽³⁾_{m,k} w⁽³⁾_{β,m}
    inner = np.einsum("zk,bzk->bk", v.p_hat, a)  # Σ_z p̂_{z,k} I⁽³⁾_{z,k} w⁽³⁾_{β,z}
    bracket = a - inner[:, None, :]
    return -np.einsum("mk,bk,ak,bmk->ab", v.t, v.I[2], v.p[1], bracket, optimize=True) / v.K


# -- ∂C/∂b⁽¹⁾ and ∂C/∂w⁽¹⁾_{α,β} (784-128-64-10 only) ------------------------------------------


def grad_b1_loops(v: NeuronValues) -> float:
    """∂C/∂b⁽¹⁾ = −(1/K) Σ_k Σ_m t_{m,k} (Σ_{i=0}^{63} Σ_{j=0}^{127} I⁽³⁾_{m,k} w⁽³⁾_{i,m}
    I⁽²⁾_{i,k} w⁽²⁾_{j,i} I⁽¹⁾_{j,k} − Σ_{z=0}^{9} Σ_i Σ_j p̂_{z,k} I⁽³⁾_{z,k} w⁽³⁾_{i,z}
    I⁽²⁾_{i,k} w⁽²⁾_{j,i} I⁽¹⁾_{j,k}).

    The **corrected** form of claim ``000-b1-final`` (its line before with the indices of
    w⁽²⁾ and I⁽¹⁾ fixed, ``000-b1-shorthand``). The sum over j is a dot product; terms with
    t_{m,k} = 0 are skipped (they add 0).
    """
    _two_hidden(v)
    w3, w2, I3, I2, I1 = v.w[3], v.w[2], v.I[3], v.I[2], v.I[1]
    n3, n2 = w3.shape[1], w3.shape[0]

    def path(z: int, k: int) -> float:
        total = 0.0
        for i in range(n2):
            total += I3[z, k] * w3[i, z] * I2[i, k] * float(np.dot(w2[:, i], I1[:, k]))
        return total

    total = 0.0
    for k in range(v.K):
        for m in range(n3):
            if not v.t[m, k]:
                continue
            second = 0.0
            for z in range(n3):
                second += v.p_hat[z, k] * path(z, k)
            total += v.t[m, k] * (path(m, k) - second)
    return -total / v.K


def grad_b1(v: NeuronValues) -> float:
    """`grad_b1_loops` with einsum: P_{z,k} = Σ_i Σ_j I⁽³⁾_{z,k} w⁽³⁾_{i,z} I⁽²⁾_{i,k}
    w⁽²⁾_{j,i} I⁽¹⁾_{j,k}, then −(1/K) Σ_{k,m} t_{m,k}(P_{m,k} − Σ_z p̂_{z,k} P_{z,k})."""
    _two_hidden(v)
    path = np.einsum("zk,iz,ik,ji,jk->zk", v.I[3], v.w[3], v.I[2], v.w[2], v.I[1],
                     optimize=True)
    bracket = path - np.einsum("zk,zk->k", v.p_hat, path)[None, :]
    return float(-np.einsum("mk,mk->", v.t, bracket) / v.K)


def grad_w1_loops(v: NeuronValues, alpha: int, beta: int) -> float:
    """∂C/∂w⁽¹⁾_{α,β} = −(1/K) Σ_k Σ_m t_{m,k} I⁽¹⁾_{β,k} p⁽⁰⁾_{α,k} (I⁽³⁾_{m,k} Σ_{i=0}^{63}
    w⁽³⁾_{i,m} I⁽²⁾_{i,k} w⁽²⁾_{β,i} − Σ_{z=0}^{9} p̂_{z,k} I⁽³⁾_{z,k} Σ_{i=0}^{63} w⁽³⁾_{i,z}
    I⁽²⁾_{i,k} w⁽²⁾_{β,i}), the note's result (claim ``000-w1-final``, with its reading of
    the first factors)."""
    _two_hidden(v)
    w3, w2, I3, I2, I1, p0 = v.w[3], v.w[2], v.I[3], v.I[2], v.I[1], v.p[0]
    n3, n2 = w3.shape[1], w3.shape[0]
    total = 0.0
    for k in range(v.K):
        for m in range(n3):
            first = 0.0
            for i in range(n2):
                first += w3[i, m] * I2[i, k] * w2[beta, i]
            second = 0.0
            for z in range(n3):
                inner = 0.0
                for i in range(n2):
                    inner += w3[i, z] * I2[i, k] * w2[beta, i]
                second += v.p_hat[z, k] * I3[z, k] * inner
            total += v.t[m, k] * I1[beta, k] * p0[alpha, k] * (I3[m, k] * first - second)
    return -total / v.K


def grad_w1(v: NeuronValues) -> np.ndarray:
    """`grad_w1_loops` for every (α, β): A_{β,z,k} = Σ_i w⁽³⁾_{i,z} I⁽²⁾_{i,k} w⁽²⁾_{β,i},
    then einsum ``"mk,bk,ak,bmk->ab"`` with the bracket I⁽³⁾_{m,k} A_{β,m,k} − Σ_z p̂ I⁽³⁾ A."""
    _two_hidden(v)
    a = np.einsum("iz,ik,bi->bzk", v.w[3], v.I[2], v.w[2], optimize=True)
    first = v.I[3][None, :, :] * a
    inner = np.einsum("zk,bzk->bk", v.p_hat, first)
    bracket = first - inner[:, None, :]
    return -np.einsum("mk,bk,ak,bmk->ab", v.t, v.I[1], v.p[0], bracket, optimize=True) / v.K


def gradients(net: Network, x: np.ndarray, labels: np.ndarray) -> Gradients:
    """Every ∂C/∂w and ∂C/∂b of note 000's network by the (vectorised) index forms, in the
    engine's layout (`Gradients`, biases of shape (1,)): 784-128-64-10 or 784-10."""
    v = neuron_values(net, x, labels)
    if v.top == 1:
        return Gradients([grad_w_top(v)], [np.array([grad_b_top(v)])])
    _two_hidden(v)
    return Gradients(
        [grad_w1(v), grad_w2(v), grad_w_top(v)],
        [np.array([grad_b1(v)]), np.array([grad_b2(v)]), np.array([grad_b_top(v)])],
    )
