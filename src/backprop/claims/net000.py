"""Note 000's networks as SymPy instances: the 0-hidden-layer and the 2-hidden-layer network.

The note's model (one scalar bias per layer, ReLU f also on the output layer, 0-based indices,
column k = image k) and the instances are described in `backprop.claims.note000`, whose
claims are checked on them. Here: the instance type `Instance` (the note's symbols p⁽ˡ⁾_{n,k},
w⁽ˡ⁾_{i,j}, Σ⁽ˡ⁾, I⁽ˡ⁾, p̂, t and the cost C, with out-of-range indices giving symbols that are
no parameter), the two instances, SymPy's derivatives the references use, and the matrices of
entries over the note's free indices.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

import sympy as sp

from backprop.claims import Instance
from backprop.sympy_kit import indicator, indicator_positive, relu, symbol_matrix

TWO_HIDDEN_SIZES = (5, 4, 3, 2)
TWO_HIDDEN_LABELS = (1, 0)
ZERO_HIDDEN_SIZES = (4, 3)
ZERO_HIDDEN_LABELS = (2, 0)
FULL_SIZES = (784, 128, 64, 10)
"""The note's network: L₀ = 783, L₁ = 127, L₂ = 63, L₃ = 9 (the largest 0-based index)."""


def real_symbol(name: str) -> sp.Symbol:
    """A real symbol (every pixel, weight and bias of the instances is one)."""
    return sp.Symbol(name, real=True)


def S(lo: int, hi: int, term: Callable[[int], sp.Expr]) -> sp.Expr:
    """Σ_{i=lo}^{hi} term(i): the note's sums, with both bounds included as it writes them."""
    return sp.Add(*(term(i) for i in range(lo, hi + 1)))



def _build(sizes: tuple[int, ...], labels: tuple[int, ...], full: tuple[int, ...]) -> Instance:
    """The network in matrix form: Σ⁽ˡ⁾ = W⁽ˡ⁾ᵀ p⁽ˡ⁻¹⁾ + b⁽ˡ⁾, p⁽ˡ⁾ = ReLU(Σ⁽ˡ⁾), softmax, C.

    The instance's matrices are in the note's index order, [neuron, image]: ``x`` = p⁽⁰⁾,
    ``weights[l]`` = W⁽ˡ⁾ with entry (i, n) = w⁽ˡ⁾_{i,n}, ``sigma[l]`` = Σ⁽ˡ⁾
    (pre-activations), ``values[l]`` = p⁽ˡ⁾, ``p_hat``, ``t``; ``C`` is the cost; ``K`` the
    number of images, ``top`` the output layer's index (3, or 1 for the 0-hidden-layer
    network), ``L[l]`` the note's L_l (the largest 0-based neuron index of layer l);
    ``bound(full)`` this instance's counterpart of one of the note's upper bounds (783, 127,
    63, 9, 8). The note's symbols ``w(l, i, j)``, ``b(l)``, ``p(l, n, k)``, ``sig(l, n, k)``,
    ``I(l, n, k)`` (= 1{Σ⁽ˡ⁾_{n,k} > 0} as Heaviside), ``ph(m, k)``, ``tt(m, k)``: an index out
    of range gives a symbol that is no parameter. ``parameters()``: every bias and weight,
    layer by layer (biases first), in a fixed order.
    """
    K = len(labels)
    x = sp.ImmutableMatrix(symbol_matrix("p^{(0)}", sizes[0], K, real=True))
    weights: list = [None]
    biases: list = [None]
    sigma: list = [None]
    values: list = [x]
    for layer in range(1, len(sizes)):
        w = sp.ImmutableMatrix(symbol_matrix(f"w^{{({layer})}}", sizes[layer - 1], sizes[layer],
                                             real=True))
        b = real_symbol(f"b^{{({layer})}}")
        z = sp.ImmutableMatrix(w.T * values[-1] + b * sp.ones(sizes[layer], K))
        weights.append(w)
        biases.append(b)
        sigma.append(z)
        values.append(z.applyfunc(relu))
    out = values[-1]
    numerators = out.applyfunc(sp.exp)
    denominators = [sum(numerators[:, k]) for k in range(K)]
    p_hat = sp.ImmutableMatrix(out.rows, K, lambda m, k: numerators[m, k] / denominators[k])
    t = sp.ImmutableMatrix(out.rows, K, lambda j, k: indicator(j == labels[k]))
    C = -sp.Rational(1, K) * sum(t[j, k] * sp.log(p_hat[j, k])
                                 for k in range(K) for j in range(out.rows))
    L = tuple(n - 1 for n in sizes)
    note_L = [n - 1 for n in full]
    bounds = {note_L[layer]: L[layer] for layer in range(len(sizes))}
    bounds[note_L[-1] - 1] = L[-1] - 1  # the note's "z = 0..8" in the softmax definition
    top = len(sizes) - 1

    def in_layer(layer: int, n: int) -> bool:
        return 1 <= layer <= top and n < sizes[layer]

    def w_(layer: int, i: int, j: int) -> sp.Expr:
        if in_layer(layer, j) and i < sizes[layer - 1]:
            return weights[layer][i, j]
        return real_symbol(f"w^{{({layer})}}_{{{i},{j}}}")

    def b_(layer: int) -> sp.Expr:
        return biases[layer] if 1 <= layer <= top else real_symbol(f"b^{{({layer})}}")

    def p_(layer: int, n: int, k: int) -> sp.Expr:
        if 0 <= layer <= top and n < sizes[layer]:
            return values[layer][n, k]
        return real_symbol(f"p^{{({layer})}}_{{{n},{k}}}")

    def sig(layer: int, n: int, k: int) -> sp.Expr:
        if in_layer(layer, n):
            return sigma[layer][n, k]
        return real_symbol(f"\\Sigma^{{({layer})}}_{{{n},{k}}}")

    def indicator_of(layer: int, n: int, k: int) -> sp.Expr:
        if in_layer(layer, n):
            return indicator_positive(sigma[layer][n, k])
        return real_symbol(f"I^{{({layer})}}_{{{n},{k}}}")

    def ph(m: int, k: int) -> sp.Expr:
        return p_hat[m, k] if m < sizes[-1] else real_symbol(f"\\hat{{p}}_{{{m},{k}}}")

    def tt(m: int, k: int) -> sp.Expr:
        return t[m, k] if m < sizes[-1] else real_symbol(f"t_{{{m},{k}}}")

    def parameters() -> list[sp.Symbol]:
        params = [biases[layer] for layer in range(1, top + 1)]
        for layer in range(1, top + 1):
            params += list(weights[layer])
        return params

    return Instance(
        sizes=tuple(sizes), labels=tuple(labels), x=x, weights=tuple(weights),
        biases=tuple(biases), sigma=tuple(sigma), values=tuple(values), p_hat=p_hat, t=t, C=C,
        K=K, top=top, L=L, bound=bounds.__getitem__, w=w_, b=b_, p=p_, sig=sig,
        I=indicator_of, ph=ph, tt=tt, parameters=parameters)


@cache
def two_hidden() -> Instance:
    """The 2-hidden-layer network of part ② at 5-4-3-2 neurons, 2 images (built once)."""
    return _build(TWO_HIDDEN_SIZES, TWO_HIDDEN_LABELS, FULL_SIZES)


@cache
def zero_hidden() -> Instance:
    """The 0-hidden-layer network of part ① at 4 → 3 neurons, 2 images (built once)."""
    return _build(ZERO_HIDDEN_SIZES, ZERO_HIDDEN_LABELS, (784, 10))


@cache
def d(expr: sp.Expr, theta: sp.Symbol) -> sp.Expr:
    """SymPy's own derivative ∂expr/∂θ (cached: many claims share it)."""
    return sp.diff(expr, theta)


def f(x: sp.Expr) -> sp.Expr:
    """The note's ReLU f."""
    return relu(x)


def f_prime(x: sp.Expr) -> sp.Expr:
    """The note's f'(x) = 1 if x > 0 else 0 (Heaviside; the kink x = 0 is never evaluated)."""
    return indicator_positive(x)


# -- matrices of entries over the note's free indices ----------------------------------------


def over_mk(net: Instance, entry: Callable[[int, int], sp.Expr]) -> sp.ImmutableMatrix:
    """Entries (m, k) for every output neuron m and image k."""
    return sp.ImmutableMatrix(net.sizes[-1], net.K, entry)


def over_nk(net: Instance, layer: int, entry: Callable[[int, int], sp.Expr]) -> sp.ImmutableMatrix:
    """Entries (n, k) for every neuron n of ``layer`` and image k."""
    return sp.ImmutableMatrix(net.sizes[layer], net.K, entry)


def over_ab(net: Instance, layer: int, entry: Callable[[int, int], sp.Expr]) -> sp.ImmutableMatrix:
    """Entries (α, β) for every weight w⁽ˡ⁾_{α,β} of ``layer``."""
    return sp.ImmutableMatrix(net.sizes[layer - 1], net.sizes[layer], entry)


PAIRS = {1: ((0, 0), (4, 3), (2, 1)), 2: ((0, 0), (3, 2), (1, 1)),
         3: ((0, 0), (0, 1), (2, 0), (2, 1))}
"""The weights (α, β) on which the intermediate lines of the weight derivations are checked
(the final ∂C/∂w claims are checked on every weight): both β = m and β ≠ m occur for w⁽³⁾."""


def sampled_parameters(net: Instance) -> list[sp.Symbol]:
    """The biases and the sampled weights (`PAIRS`) of every layer."""
    return [net.b(layer) for layer in (1, 2, 3)] + [
        net.w(layer, a, b) for layer in (1, 2, 3) for a, b in PAIRS[layer]]


def over_pairs(net: Instance, layer: int, cols: int,
               entry: Callable[[int, int, int], sp.Expr]) -> sp.ImmutableMatrix:
    """Rows: the sampled weights (α, β) of ``layer``; columns: an index c (m·K + k, …)."""
    pairs = PAIRS[layer]
    return sp.ImmutableMatrix(len(pairs), cols, lambda r, c: entry(*pairs[r], c))


def over_pairs_mk(net: Instance, layer: int,
                  entry: Callable[[int, int, int, int], sp.Expr]) -> sp.ImmutableMatrix:
    """Rows: sampled weights (α, β); columns: (m, k) for the output neurons and images."""
    K = net.K
    return over_pairs(net, layer, net.sizes[-1] * K,
                      lambda a, b, c: entry(a, b, c // K, c % K))


def over_pairs_nk(net: Instance, layer: int, of_layer: int,
                  entry: Callable[[int, int, int, int], sp.Expr]) -> sp.ImmutableMatrix:
    """Rows: sampled weights (α, β) of ``layer``; columns (n, k), n a neuron of ``of_layer``."""
    K = net.K
    return over_pairs(net, layer, net.sizes[of_layer] * K,
                      lambda a, b, c: entry(a, b, c // K, c % K))


def dC(net: Instance, theta: sp.Symbol) -> sp.Expr:
    """∂C/∂θ by SymPy."""
    return d(net.C, theta)


def d_exp_p3(net: Instance, m: int, k: int, theta: sp.Symbol) -> sp.Expr:
    """∂/∂θ [exp p⁽ᴸ⁾_{m,k}] by SymPy."""
    return d(sp.exp(net.p(net.top, m, k)), theta)


def d_phat(net: Instance, m: int, k: int, theta: sp.Symbol) -> sp.Expr:
    """∂p̂_{m,k}/∂θ by SymPy."""
    return d(net.ph(m, k), theta)


def d_denominator(net: Instance, k: int, theta: sp.Symbol) -> sp.Expr:
    """∂/∂θ Σ_z exp p⁽ᴸ⁾_{z,k} (the quotient rule's v') by SymPy."""
    return d(sum(sp.exp(net.p(net.top, z, k)) for z in range(net.sizes[-1])), theta)


def v(net: Instance, k: int) -> sp.Expr:
    """v = Σ_{z=0}^{9} exp p⁽³⁾_{z,k}, the softmax denominator as the derivations write it."""
    return S(0, net.bound(9), lambda z: sp.exp(net.p(net.top, z, k)))


def u(net: Instance, m: int, k: int) -> sp.Expr:
    """u = exp p⁽³⁾_{m,k}, the softmax numerator."""
    return sp.exp(net.p(net.top, m, k))


def b3(net: Instance) -> sp.Symbol:
    """b⁽³⁾."""
    return net.b(3)


def b2(net: Instance) -> sp.Symbol:
    """b⁽²⁾."""
    return net.b(2)


def b1(net: Instance) -> sp.Symbol:
    """b⁽¹⁾."""
    return net.b(1)


def neg_inv_k(net: Instance) -> sp.Expr:
    """−1/K, the cost's factor."""
    return -sp.Rational(1, net.K)


def output_bracket(net: Instance, layer: int, m: int, k: int) -> sp.Expr:
    """I_{m,k} − Σ_{z=0}^{9} p̂_{z,k} I_{z,k} for the output layer ``layer``."""
    return net.I(layer, m, k) - S(0, net.bound(9), lambda z: net.ph(z, k) * net.I(layer, z, k))
