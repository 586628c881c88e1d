"""Note 000: the 0-hidden-layer network and the 2-hidden-layer network in index sums.

Every equation of ``000_044c7aab45dfc365.txt`` is a claim here, in the note's order: the
0-hidden-layer parameter set, cost and gradient-descent step (part ①), then the
784-128-64-10 network of part ② (its neuron-value definitions) and every line of the
derivations of ∂C/∂b⁽³⁾, ∂C/∂b⁽²⁾, ∂C/∂b⁽¹⁾, ∂C/∂w⁽³⁾_{α,β}, ∂C/∂w⁽²⁾_{α,β}, ∂C/∂w⁽¹⁾_{α,β}.

**The note's model** (one scalar bias per layer, ReLU f also on the output layer, 0-based
indices, column k = image k): p⁽⁰⁾_{n,k} is pixel n of image k,

    Σ⁽ˡ⁾_{n,k} = b⁽ˡ⁾ + Σ_i w⁽ˡ⁾_{i,n} p⁽ˡ⁻¹⁾_{i,k}   (the note's "old friend": bias + weighted sum)
    p⁽ˡ⁾_{n,k} = f(Σ⁽ˡ⁾_{n,k}),   p̂_{m,k} = exp(p⁽ᴸ⁾_{m,k}) / Σ_z exp(p⁽ᴸ⁾_{z,k}),
    C = −(1/K) Σ_k Σ_j t_{j,k} log p̂_{j,k},

and I⁽ˡ⁾_{n,k} = 1{Σ⁽ˡ⁾_{n,k} > 0} is the note's indicator (OCR'd as ∏{…}).

**The instances.** The 2-hidden-layer network is checked at 5-4-3-2 neurons and K = 2
images: the sizes decrease like 784 > 128 > 64 > 10, so every index that is in range at full
size is in range here, and each of the note's upper bounds maps to one of the instance
(783 → 4, 127 → 3, 63 → 2, 9 → 1, and the note's 8 → 0), see `Instance.bound`. The 0-hidden-layer
network is checked at 4 → 3 neurons, K = 2 (783 → 3, 9 → 2, 8 → 1). Every pixel, weight and
bias is a real SymPy symbol; the targets t_{j,k} are the one-hot values (0 or 1) of the labels
(1, 0), and (2, 0) for the 0-hidden-layer network. An index out of a layer's range (a swapped index)
gives a symbol that is not a parameter of the network: the formula then depends on an
undefined quantity and fails its check.

**References** are SymPy's own derivatives (``sympy.diff``) of C, or of the quantity the line
differentiates (exp p⁽³⁾_{m,k}, p⁽²⁾_{i,k}, the softmax denominator …), with the network written
as above in matrix form; a definition is compared with the same quantity written
independently. ReLU is ``Max(0, x)``, so SymPy's derivative is the Heaviside step, and points
where a ReLU input is exactly 0 are skipped (`backprop.symbolic.compare`).

Where the OCR is ambiguous the claim's ``reading`` says what was read; where the note (as
transcribed) is wrong the claim is registered ``fails`` with the correction.
"""

from __future__ import annotations

from collections.abc import Callable

import sympy as sp

from backprop.claims import FAILS, Claim, ClaimMaker, Instance
from backprop.claims.net000 import (
    S,
    b1,
    b2,
    b3,
    d,
    d_denominator,
    d_exp_p3,
    d_phat,
    dC,
    f,
    f_prime,
    neg_inv_k,
    output_bracket,
    over_ab,
    over_mk,
    over_nk,
    over_pairs_mk,
    over_pairs_nk,
    real_symbol,
    sampled_parameters,
    two_hidden,
    u,
    v,
    zero_hidden,
)
from backprop.sympy_kit import column, indicator, relu

PAGE_ZERO = "book/part1/zero_hidden"
PAGE_TWO = "book/part1/two_hidden"
# -- claim helpers ------------------------------------------------------------------------------

METHOD_TWO = (
    "5-4-3-2 network, 2 images, every pixel, weight and bias a symbol, one-hot targets; "
    "ReLU as Max(0, x), indicators as Heaviside; exact comparison (random integer points, "
    "kinks skipped) with sympy.diff of {what}"
)
METHOD_ZERO = (
    "4 → 3 network (0 hidden layers), 2 images, every pixel, weight and bias a symbol, "
    "one-hot targets; ReLU as Max(0, x), indicators as Heaviside; exact comparison with {what}"
)


FAST = {"points": 6, "try_simplify": False, "try_expand": False}
"""The default check: straight to six exact integer points (the derivatives of whole networks
are too large for ``expand`` and ``simplify``)."""

claim = ClaimMaker("000", PAGE_TWO, two_hidden, FAST, METHOD_TWO, what="the cost C")
"""The claims of part ②, checked on the 2-hidden-layer network."""
zero_claim = ClaimMaker("000", PAGE_ZERO, zero_hidden, FAST, METHOD_ZERO, what="the cost C")
"""The claims of part ①, checked on the 0-hidden-layer network."""


# =============================================================================================
# Part ①: the 0-hidden-layer network
# =============================================================================================


def descent_rate(net: Instance) -> sp.Expr:
    """d/dν C(θ − ν ∂C/∂θ) at ν = 0, the step θ^[n+1] := θ^[n] − ν ∂C/∂θ_j taken literally.

    The step is taken with a symbol G_j in place of ∂C/∂θ_j (the expression stays small), then
    G_j is replaced by SymPy's ∂C/∂θ_j after differentiating by ν.
    """
    nu = real_symbol("nu")
    params = net.parameters()
    grads = {theta: real_symbol(f"G_{{{j}}}") for j, theta in enumerate(params)}
    step = {theta: theta - nu * grads[theta] for theta in params}
    rate = sp.diff(net.C.xreplace(step), nu).xreplace({nu: 0})
    return rate.xreplace({g: dC(net, theta) for theta, g in grads.items()})


ZERO = [
    zero_claim(
        "000-zero-theta",
        "① \"For each θ_j ∈ Θ = {b⁽¹⁾} ∪ {w⁽¹⁾_{i,j} : …}\" (the gradient-descent iteration)",
        "the parameter set Θ of the 0-hidden-layer network",
        r"\underline{\Theta} = \{b^{(1)}\} \cup \{w_{i,j}^{(1)} : i \in [0, 783] \cap"
        r" \mathbb{Z},\ j \in [0, 9] \cap \mathbb{Z}\}",
        lambda net: net.b(1) + S(0, net.bound(783),
                                 lambda i: S(0, net.bound(9), lambda j: net.w(1, i, j))),
        lambda net: sp.Add(*(net.C.free_symbols - set(net.x))),
        what="the set of parameters the cost C depends on (sets compared as sums of their "
             "distinct symbols, equal exactly when the sets are)",
        options={"points": 2},
    ),
    zero_claim(
        "000-zero-cost",
        "② \"Cross-entropy loss used for training: … as previously defined!\"",
        "the cost C(θ): cross-entropy averaged over the K images",
        r"C(\underline{\theta}) = \frac{-1}{K} \sum_{k=0}^{K-1} \sum_{j=0}^9 t_{j,k}"
        r" \log(\hat{p}_{j,k})",
        lambda net: -sp.Rational(1, net.K) * S(
            0, net.K - 1,
            lambda k: S(0, net.bound(9), lambda j: net.tt(j, k) * sp.log(net.ph(j, k)))),
        lambda net: sp.Rational(1, net.K) * sum(
            sp.log(sum(sp.exp(net.p(1, z, k)) for z in range(net.sizes[-1])))
            - net.p(1, label, k) for k, label in enumerate(net.labels)),
        what="the mean over the images of −log softmax(p⁽¹⁾)[label], written independently "
             "(log-sum-exp form)",
        options={"points": 2},
    ),
    zero_claim(
        "000-zero-b1-copied",
        "② b⁽³⁾ box: \"using the quotient rule in essentially the same way we did for the b⁽¹⁾ "
        "partial derivative in my 0-hidden-layer network … (derived earlier so copied here!)\"",
        "∂p̂_{m,k}/∂b⁽¹⁾ of the 0-hidden-layer network, as the note copies it",
        r"\frac{\partial}{\partial b^{(1)}} [\hat{p}_{m,k}] = \hat{p}_{m,k} \left("
        r"\mathbf{1}\{\Sigma_{m,k}^{(1)} > 0\} - \sum_{z=0}^9 \hat{p}_{z,k}"
        r" \mathbf{1}\{\Sigma_{m,k}^{(1)} > 0\} \right)",
        lambda net: over_mk(net, lambda m, k: net.ph(m, k) * (
            net.I(1, m, k) - S(0, net.bound(9), lambda z: net.ph(z, k) * net.I(1, m, k)))),
        lambda net: over_mk(net, lambda m, k: d_phat(net, m, k, net.b(1))),
        what="p̂_{m,k}", expected=FAILS,
        reading=(
            "The sheet with the 0-hidden-layer derivation is not in the transcription; the "
            "note copies its result into the b⁽³⁾ step (\"derived earlier so copied here!\"), "
            "and this is that line with the 0-hidden network's layer 1 in place of layer 3. "
            "The OCR prints each indicator 1{…} as ∏_{z=0}^{q}{…} and reads the one inside "
            "the sum over z with the subscript m,k, in all three places it occurs (V′, this "
            "line, the boxed ∂C/∂b⁽³⁾); transcribed as read. If the handwriting has z,k "
            "there, the line is the corrected one and holds."),
        why=("The indicator inside the sum over z must be output z's own, 1{Σ_{z,k} > 0}: "
             "with neuron m's indicator the bracket is 1{Σ_{m,k} > 0}(1 − Σ_z p̂_{z,k}) = 0."),
        correction=(
            r"\frac{\partial}{\partial b^{(1)}} [\hat{p}_{m,k}] = \hat{p}_{m,k} \left("
            r"\mathbf{1}\{\Sigma_{m,k}^{(1)} > 0\} - \sum_{z=0}^9 \hat{p}_{z,k}"
            r" \mathbf{1}\{\Sigma_{z,k}^{(1)} > 0\} \right)"),
        corrected=lambda net: over_mk(
            net, lambda m, k: net.ph(m, k) * output_bracket(net, 1, m, k)),
    ),
    zero_claim(
        "000-zero-step",
        "① \"Step θ_j^[n+1] := θ_j^[n] − ν ∂C/∂θ_j where ν > 0 is 'learning rate'\"",
        "the gradient-descent step lowers C: dC/dν = −‖∇C‖² at ν = 0",
        r"\theta_j^{[n+1]} := \theta_j^{[n]} - \nu \frac{\partial}{\partial \theta_j}"
        r" [C(\underline{\theta})]",
        descent_rate,
        lambda net: -sum(dC(net, theta) ** 2 for theta in net.parameters()),
        what="−Σ_j (∂C/∂θ_j)²: the rate at which C changes along the step, at ν = 0, must be "
             "minus the squared gradient (a descent direction for every ν > 0 small enough)",
        options={"points": 3, "try_simplify": False, "try_expand": False},
    ),
]


# =============================================================================================
# Part ②: the 2-hidden-layer network, its definitions
# =============================================================================================

_x = real_symbol("x")


def _layer_rows(layer: int, n_bound: int, i_bound: int):
    def transcription(net: Instance) -> sp.ImmutableMatrix:
        rows = net.bound(n_bound) + 1
        return sp.ImmutableMatrix(rows, net.K, lambda n, k: f(
            net.b(layer) + S(0, net.bound(i_bound),
                             lambda i: net.w(layer, i, n) * net.p(layer - 1, i, k))))
    return transcription


_LAYER_TEXT = {
    1: ("783", "0", "127"),
    2: ("127", "1", "63"),
    3: ("63", "2", "9"),
}


def _layer_claim(layer: int, ib: str, prev: str, nb: str) -> Claim:
    """The claim for the neuron values of one layer (the note writes the line once per
    layer: ``ib`` its sum's upper bound, ``prev`` the layer before, ``nb`` L_layer)."""
    return claim(
        f"000-two-layer{layer}",
        f"② \"let us write clearly how neuron values in C(Θ) are defined…\": p⁽{layer}⁾",
        f"neuron values of layer {layer}",
        rf"p_{{n,k}}^{{({layer})}} = f\Big(b^{{({layer})}} + \sum_{{i=0}}^{{{ib}}} w_{{i,n}}"
        rf" p_{{i,k}}^{{({prev})}}\Big) \quad \text{{for }} n \in \{{0, 1, \dots,"
        rf" L_{layer} = {nb}\}}",
        _layer_rows(layer, int(nb), int(ib)),
        lambda net: net.values[layer],
        what=f"the matrix form p⁽{layer}⁾ = ReLU(W⁽{layer}⁾ᵀ p⁽{prev}⁾ + b⁽{layer}⁾)",
        reading=(f"The weights carry no layer superscript in this line; read as w⁽{layer}⁾ "
                 "(the layer of the bias)."),
        options={"points": 2, "try_simplify": False},
    )


def _softmax_as_written(net: Instance) -> sp.ImmutableMatrix:
    return over_mk(net, lambda n, k: sp.exp(net.p(3, n, k)) / S(
        0, net.bound(8), lambda z: sp.exp(net.p(3, z, k))))


def _layer_input(net: Instance, layer: int, n: int, k: int) -> sp.Expr:
    """b⁽ˡ⁾ + Σ_{i=0}^{L_{l−1}} w_{i,n} p⁽ˡ⁻¹⁾_{i,k}, the general formula's ReLU input."""
    return net.b(layer) + S(0, net.L[layer - 1],
                            lambda i: net.w(layer, i, n) * net.p(layer - 1, i, k))


def _weight_sum(net: Instance, layer: int, i_max: int, j_max: int) -> sp.Expr:
    """Σ_{i=0}^{i_max} Σ_{j=0}^{j_max} w⁽ˡ⁾_{i,j}: a set of weights as the sum of its symbols."""
    return S(0, i_max, lambda i: S(0, j_max, lambda j: net.w(layer, i, j)))


def _general_as_written(net: Instance) -> sp.ImmutableMatrix:
    entries = []
    for layer in (0, 1, 2, 3):
        for n in range(net.sizes[layer]):
            for k in range(net.K):
                if layer == 0:  # b⁽⁰⁾, L₋₁ and p⁽⁻¹⁾ do not exist: undefined symbols
                    inner = real_symbol("b^{(0)}") + real_symbol(
                        f"\\sum_{{i=0}}^{{L_{{-1}}}} w_{{i,{n}}} p^{{(-1)}}_{{i,{k}}}")
                else:
                    inner = _layer_input(net, layer, n, k)
                entries.append(f(inner))
    return column(entries)


def _general_corrected(net: Instance) -> sp.ImmutableMatrix:
    entries = []
    for layer in (0, 1, 2, 3):
        for n in range(net.sizes[layer]):
            for k in range(net.K):
                if layer == 0:  # p⁽⁰⁾ is defined as the pixel, not by the formula
                    entries.append(net.x[n, k])
                else:
                    entries.append(f(_layer_input(net, layer, n, k)))
    return column(entries)


def _all_layer_values(net: Instance) -> sp.ImmutableMatrix:
    return column([net.p(layer, n, k) for layer in (0, 1, 2, 3)
                   for n in range(net.sizes[layer]) for k in range(net.K)])


def _weight_sets_as_written(net: Instance) -> sp.ImmutableMatrix:
    # W⁽ⁱ⁾ with i ∈ [0, L_i], j ∈ [0, L_{i+1}]; for layer 3 it would need L₄, which the note
    # never defines, so layers 1 and 2 are compared.
    return column([_weight_sum(net, layer, net.L[layer], net.L[layer + 1]) for layer in (1, 2)])


def _kickoff(net: Instance, theta: sp.Symbol) -> sp.Expr:
    """−(1/K) Σ_k Σ_m t_{m,k} (1/p̂_{m,k}) ∂p̂_{m,k}/∂θ, with SymPy's ∂p̂/∂θ."""
    return -sp.Rational(1, net.K) * S(0, net.K - 1, lambda k: S(
        0, net.bound(9), lambda m: net.tt(m, k) / net.ph(m, k) * d_phat(net, m, k, theta)))


MODEL = [
    claim(
        "000-two-relu",
        "② \"ReLU activation used: f(x) : ℝ → ℝ where f(x) := x if x > 0, 0 otherwise\"",
        "ReLU f",
        r"f(x) := \begin{cases} x & \text{if } x > 0 \\ 0 & \text{otherwise} \end{cases}",
        lambda net: sp.Piecewise((_x, _x > 0), (0, True)),
        lambda net: relu(_x),
        what="Max(0, x), the ReLU of the instance", options={"points": 6},
    ),
    claim(
        "000-two-relu-prime",
        "② b⁽³⁾: \"and the fact f'(x) = 1 if x > 0, 0 otherwise\"",
        "f'(x): ReLU's derivative",
        r"f'(x) = \begin{cases} 1 & \text{if } x > 0 \\ 0 & \text{otherwise} \end{cases}",
        lambda net: sp.Piecewise((1, _x > 0), (0, True)),
        lambda net: sp.diff(relu(_x), _x),
        what="f(x) = Max(0, x) (x = 0, where f has no derivative, is skipped)",
        options={"points": 6},
    ),
    *[_layer_claim(layer, *text) for layer, text in _LAYER_TEXT.items()],
    claim(
        "000-two-softmax",
        "② \"Then, p̂_{n,k} = exp(p⁽³⁾_{n,k}) / Σ_{z=0}^{8} exp(p⁽³⁾_{z,k})\"",
        "the softmax p̂ of the output layer",
        r"\hat{p}_{n,k} = \frac{\exp(p_{n,k}^{(3)})}{\sum_{z=0}^8 \exp(p_{z,k}^{(3)})}",
        _softmax_as_written,
        lambda net: net.p_hat,
        what="the softmax over all the output neurons (as the derivations below write it, "
             "Σ_{z=0}^{9})",
        expected=FAILS,
        reading=("The upper bound reads 8 (where the OCR misreads 9 it gives q, not 8); every "
                 "later line of the note sums z = 0 … 9."),
        why=("The sum stops one neuron short: output neuron 9 is left out of the denominator, so "
             "the p̂_{n,k} do not sum to 1 and p̂_{9,k} can exceed 1."),
        correction=r"\hat{p}_{n,k} = \frac{\exp(p_{n,k}^{(3)})}{\sum_{z=0}^9 \exp(p_{z,k}^{(3)})}",
        options={"points": 2, "try_simplify": False},
        corrected=lambda net: over_mk(net, lambda n, k: sp.exp(net.p(3, n, k)) / S(
            0, net.bound(9), lambda z: sp.exp(net.p(3, z, k)))),
    ),
    claim(
        "000-two-general",
        "② \"So, in general we have p⁽ˡ⁾_{n,k} = f(b⁽ˡ⁾ + Σ_{i=0}^{L_{l−1}} w_{i,n} p⁽ˡ⁻¹⁾_{i,k}) "
        "∀ l ∈ {0, 1, 2, 3}\"",
        "the general layer formula, for every layer l",
        r"p_{n,k}^{(l)} = f\Big(b^{(l)} + \sum_{i=0}^{L_{l-1}} w_{i,n} p_{i,k}^{(l-1)}\Big)"
        r" \quad \forall l \in \{0, 1, 2, 3\}",
        _general_as_written,
        _all_layer_values,
        what="the values of every layer (p⁽⁰⁾ the pixels, p⁽¹⁾ … p⁽³⁾ the matrix form)",
        expected=FAILS,
        why=("For l = 0 the formula needs a layer −1, an L₋₁ and a bias b⁽⁰⁾, none of which "
             "exist: p⁽⁰⁾ is the pixel value itself. The formula holds for l ∈ {1, 2, 3}."),
        correction=r"p_{n,k}^{(l)} = f\Big(b^{(l)} + \sum_{i=0}^{L_{l-1}} w_{i,n}"
                   r" p_{i,k}^{(l-1)}\Big) \quad \forall l \in \{1, 2, 3\}",
        options={"points": 2, "try_simplify": False},
        corrected=_general_corrected,
    ),
    claim(
        "000-two-weight-sets",
        "② \"Each possible pairwise connection between layer i−1 and the next layer has a weight "
        "parameter associated (i.e. for layer i, W⁽ⁱ⁾ = …)\"",
        "the weight set W⁽ⁱ⁾ of a layer",
        r"W^{(i)} = \{w_{i,j}^{(i)} : i \in [0, L_i] \cap \mathbb{Z},\ j \in [0, L_{i+1}]"
        r" \cap \mathbb{Z}\}",
        _weight_sets_as_written,
        lambda net: column([sp.Add(*net.weights[layer]) for layer in (1, 2)]),
        what="the weights that the neuron-value definitions of layers 1 and 2 use (sets compared "
             "as sums of their distinct symbols)",
        expected=FAILS,
        reading=("The layer and the first neuron index are both written i; the note strikes out "
                 "an 'i+1' beside the sentence and again after the set. Layer 3 is not compared: "
                 "its set would need L₄, which the note never defines."),
        why=("The bounds are shifted by one layer: the weights into layer i join the L_{i−1}+1 "
             "neurons of layer i−1 to the L_i+1 neurons of layer i, so W⁽¹⁾ as written has "
             "128 × 64 entries instead of 784 × 128."),
        correction=r"W^{(l)} = \{w_{i,j}^{(l)} : i \in [0, L_{l-1}] \cap \mathbb{Z},\ j \in"
                   r" [0, L_l] \cap \mathbb{Z}\}, \quad l \in \{1, 2, 3\}",
        options={"points": 2},
        corrected=lambda net: column(
            [_weight_sum(net, layer, net.L[layer - 1], net.L[layer]) for layer in (1, 2)]),
    ),
    claim(
        "000-two-kickoff",
        "② \"I will use this part in each case to kick things off\"",
        "∂C/∂θ_j through ∂p̂_{m,k}/∂θ_j (chain rule through the log), every θ_j",
        r"\frac{\partial}{\partial \theta_j} [C(\Theta)] = \frac{-1}{K} \sum_{k=0}^{K-1}"
        r" \sum_{m=0}^9 t_{m,k} \frac{1}{\hat{p}_{m,k}} \frac{\partial}{\partial \theta_j}"
        r" [\hat{p}_{m,k}]",
        lambda net: column([_kickoff(net, theta) for theta in sampled_parameters(net)]),
        lambda net: column([dC(net, theta) for theta in sampled_parameters(net)]),
        what="C, for the three biases and the sampled weights of every layer (13 of the 41 θ_j)",
    ),
]


B3_STEP = "② b⁽³⁾ (\"Da Nang → Hanoi cont.\")"

B3 = [
    claim(
        "000-b3-start", f"{B3_STEP}: boxed first line",
        "∂C/∂b⁽³⁾ through ∂p̂_{m,k}/∂b⁽³⁾",
        r"\frac{\partial}{\partial b^{(3)}} [C(\underline{\theta})] = \frac{-1}{K}"
        r" \sum_{k=0}^{K-1} \sum_{m=0}^9 \left(\frac{t_{m,k}}{\hat{p}_{m,k}}"
        r" \frac{\partial}{\partial b^{(3)}} [\hat{p}_{m,k}] \right)",
        lambda net: -sp.Rational(1, net.K) * S(0, net.K - 1, lambda k: S(
            0, net.bound(9),
            lambda m: net.tt(m, k) / net.ph(m, k) * d_phat(net, m, k, b3(net)))),
        lambda net: dC(net, b3(net)),
        reading=("q read as 9 throughout. The OCR shows an extra factor ∂C/∂b⁽³⁾ between "
                 "t/p̂ and ∂p̂/∂b⁽³⁾, which would make the equation circular; the same line "
                 "for b⁽²⁾ and b⁽¹⁾ has no such factor, so it is read as an OCR duplicate. "
                 "(A struck-through first attempt above it is not a claim.)"),
    ),
    claim(
        "000-b3-exp-chain", f"{B3_STEP}: \"Now, ∂/∂b⁽³⁾[exp{{p̂_{{m,k}}}}] = … chain rule\"",
        "∂/∂b⁽³⁾ exp p⁽³⁾ by the chain rule",
        r"\frac{\partial}{\partial b^{(3)}} [\exp\{p_{m,k}^{(3)}\}] = \exp\{p_{m,k}^{(3)}\}"
        r" \frac{\partial}{\partial b^{(3)}} [p_{m,k}^{(3)}]",
        lambda net: over_mk(net, lambda m, k: u(net, m, k) * d(net.p(3, m, k), b3(net))),
        lambda net: over_mk(net, lambda m, k: d_exp_p3(net, m, k, b3(net))),
        what="exp p⁽³⁾_{m,k}",
        reading=("The OCR puts a hat on p inside exp{…} in this line; the softmax numerator "
                 "is exp p⁽³⁾_{m,k} (the next lines), so read as p⁽³⁾."),
    ),
    claim(
        "000-b3-exp-relu", f"{B3_STEP}: \"= exp{{p̂_{{m,k}}}} ∂/∂x[f(x)] ∂/∂b⁽³⁾[b⁽³⁾ + …]\"",
        "… = exp p⁽³⁾ · f'(Σ⁽³⁾) · ∂(b⁽³⁾ + Σ w p⁽²⁾)/∂b⁽³⁾",
        r"= \exp\{p_{m,k}^{(3)}\} \frac{\partial}{\partial x} [f(x)]\Big|_{x=\Sigma^{(3)}_{m,k}}"
        r" \underbrace{\frac{\partial}{\partial b^{(3)}} \left[b^{(3)} + \sum_{i=0}^{63}"
        r" w_{i,m} p_{i,k}^{(2)} \right]}_{=1}",
        lambda net: over_mk(net, lambda m, k: u(net, m, k) * f_prime(net.sig(3, m, k)) * d(
            net.b(3) + S(0, net.bound(63), lambda i: net.w(3, i, m) * net.p(2, i, k)),
            b3(net))),
        lambda net: over_mk(net, lambda m, k: d_exp_p3(net, m, k, b3(net))),
        what="exp p⁽³⁾_{m,k}",
        reading=("The underbrace '= 1' stands under ∂/∂x[f(x)] in the OCR; read as under the "
                 "derivative of the bracket, which is 1 (f'(x) is the indicator of the next "
                 "line, not 1). The point x = Σ⁽³⁾_{m,k} is the note's 'old friend', bias plus "
                 "weighted sum."),
    ),
    claim(
        "000-b3-exp-indicator", f"{B3_STEP}: \"= exp{{p̂_{{m,k}}}} ∏{{Σ⁽³⁾_{{m,k}} > 0}}\"",
        "∂/∂b⁽³⁾ exp p⁽³⁾ = exp p⁽³⁾ · 1{Σ⁽³⁾ > 0}",
        r"= \exp\{p_{m,k}^{(3)}\} \mathbf{1}\{\Sigma_{m,k}^{(3)} > 0\}",
        lambda net: over_mk(net, lambda m, k: u(net, m, k) * net.I(3, m, k)),
        lambda net: over_mk(net, lambda m, k: d_exp_p3(net, m, k, b3(net))),
        what="exp p⁽³⁾_{m,k}",
        reading="The OCR prints the indicator 1{…} as ∏_{z=0}^{q}{…}; read as 1{…}.",
    ),
    claim(
        "000-b3-u-prime", f"{B3_STEP}: \"p̂_{{m,k}} = … = U/V, U = exp{{p̂⁽³⁾_{{m,k}}}} ∏{{…}}\"",
        "the quotient rule's U' = ∂ exp p⁽³⁾_{m,k}/∂b⁽³⁾",
        r"U' = \exp\{p_{m,k}^{(3)}\} \mathbf{1}\{\Sigma_{m,k}^{(3)} > 0\}",
        lambda net: over_mk(net, lambda m, k: u(net, m, k) * net.I(3, m, k)),
        lambda net: over_mk(net, lambda m, k: d_exp_p3(net, m, k, b3(net))),
        what="U = exp p⁽³⁾_{m,k}",
        reading="The OCR writes U and V; they are the derivatives U′ and V′ (U itself is exp "
                "p⁽³⁾_{m,k}).",
    ),
    claim(
        "000-b3-v-prime", f"{B3_STEP}: \"…, V = Σ_{{z=0}}^{{q}} exp{{p̂⁽³⁾_{{z,k}}}} ∏{{…}}\"",
        "the quotient rule's V' = ∂(Σ_z exp p⁽³⁾_{z,k})/∂b⁽³⁾",
        r"V' = \sum_{z=0}^9 \exp\{p_{z,k}^{(3)}\} \mathbf{1}\{\Sigma_{m,k}^{(3)} > 0\}",
        lambda net: over_mk(net, lambda m, k: S(
            0, net.bound(9), lambda z: sp.exp(net.p(3, z, k)) * net.I(3, m, k))),
        lambda net: over_mk(net, lambda m, k: d_denominator(net, k, b3(net))),
        what="V = Σ_z exp p⁽³⁾_{z,k}", expected=FAILS,
        reading=("The indicator inside the sum reads Σ⁽³⁾_{m,k} (as in the two lines below); "
                 "transcribed as read, so V′ depends on m. The OCR attaches 'z = 0 … q' to "
                 "every indicator, so the handwriting may have z,k: then the line holds."),
        why=("Each exp p⁽³⁾_{z,k} must carry its own indicator 1{Σ⁽³⁾_{z,k} > 0}; the "
             "indicator of neuron m multiplies the whole sum instead."),
        correction=r"V' = \sum_{z=0}^9 \exp\{p_{z,k}^{(3)}\} \mathbf{1}\{\Sigma_{z,k}^{(3)} > 0\}",
        corrected=lambda net: over_mk(net, lambda m, k: S(
        0, net.bound(9), lambda z: sp.exp(net.p(3, z, k)) * net.I(3, z, k))),
    ),
    claim(
        "000-b3-dphat", f"{B3_STEP}: \"⇒ ∂/∂b⁽³⁾[p̂_{{m,k}}] = p̂_{{m,k}}(…)\"",
        "∂p̂_{m,k}/∂b⁽³⁾",
        r"\frac{\partial}{\partial b^{(3)}} [\hat{p}_{m,k}] = \hat{p}_{m,k} \left("
        r"\mathbf{1}\{\Sigma_{m,k}^{(3)} > 0\} - \sum_{z=0}^9 \hat{p}_{z,k}"
        r" \mathbf{1}\{\Sigma_{m,k}^{(3)} > 0\} \right)",
        lambda net: over_mk(net, lambda m, k: net.ph(m, k) * (
            net.I(3, m, k) - S(0, net.bound(9), lambda z: net.ph(z, k) * net.I(3, m, k)))),
        lambda net: over_mk(net, lambda m, k: d_phat(net, m, k, b3(net))),
        what="p̂_{m,k}", expected=FAILS,
        reading=("Indicator in the sum read Σ⁽³⁾_{m,k}, as the OCR has it (see V′). "
                 "\"(derived earlier so copied here!)\" refers to this line."),
        why=("With neuron m's indicator in the sum over z the bracket is "
             "1{Σ⁽³⁾_{m,k} > 0}(1 − Σ_z p̂_{z,k}) = 0: each p̂_{z,k} needs its own indicator."),
        correction=r"\frac{\partial}{\partial b^{(3)}} [\hat{p}_{m,k}] = \hat{p}_{m,k} \left("
                   r"\mathbf{1}\{\Sigma_{m,k}^{(3)} > 0\} - \sum_{z=0}^9 \hat{p}_{z,k}"
                   r" \mathbf{1}\{\Sigma_{z,k}^{(3)} > 0\} \right)",
        corrected=lambda net: over_mk(
        net, lambda m, k: net.ph(m, k) * output_bracket(net, 3, m, k)),
    ),
    claim(
        "000-b3-final", f"{B3_STEP}: \"⇒ ∂/∂b⁽³⁾[C(θ)] = …\" (the result)",
        "∂C/∂b⁽³⁾ (the result)",
        r"\frac{\partial}{\partial b^{(3)}} [C(\underline{\theta})] = \frac{-1}{K}"
        r" \sum_{k=0}^{K-1} \sum_{m=0}^9 t_{m,k} \left(\mathbf{1}\{\Sigma_{m,k}^{(3)} > 0\}"
        r" - \sum_{z=0}^9 \hat{p}_{z,k} \mathbf{1}\{\Sigma_{m,k}^{(3)} > 0\} \right)",
        lambda net: -sp.Rational(1, net.K) * S(0, net.K - 1, lambda k: S(
            0, net.bound(9), lambda m: net.tt(m, k) * (
                net.I(3, m, k) - S(0, net.bound(9), lambda z: net.ph(z, k) * net.I(3, m, k))))),
        lambda net: dC(net, b3(net)),
        expected=FAILS,
        reading="Indicator in the sum over z read Σ⁽³⁾_{m,k}, as the OCR has it (see V′).",
        why=("The bracket vanishes (neuron m's indicator times 1 − Σ_z p̂_{z,k}), so the formula "
             "says ∂C/∂b⁽³⁾ = 0; each p̂_{z,k} needs its own indicator 1{Σ⁽³⁾_{z,k} > 0}."),
        correction=r"\frac{\partial}{\partial b^{(3)}} [C(\underline{\theta})] = \frac{-1}{K}"
                   r" \sum_{k=0}^{K-1} \sum_{m=0}^9 t_{m,k} \left(\mathbf{1}\{\Sigma_{m,k}^{(3)}"
                   r" > 0\} - \sum_{z=0}^9 \hat{p}_{z,k} \mathbf{1}\{\Sigma_{z,k}^{(3)} > 0\}"
                   r" \right)",
        corrected=lambda net: neg_inv_k(net) * S(0, net.K - 1, lambda k: S(
        0, net.bound(9), lambda m: net.tt(m, k) * output_bracket(net, 3, m, k))),
    ),
]


# =============================================================================================
# ∂C/∂b⁽²⁾
# =============================================================================================

B2_STEP = "② b⁽²⁾ box"


def _b2_u_prime(net: Instance, m: int, k: int) -> sp.Expr:
    """exp{p⁽³⁾_{m,k}} 1{Σ⁽³⁾_{m,k} > 0} (Σ_{i=0}^{63} w_{i,m} 1{Σ⁽²⁾_{i,k} > 0})."""
    return u(net, m, k) * net.I(3, m, k) * S(
        0, net.bound(63), lambda i: net.w(3, i, m) * net.I(2, i, k))


def _b2_v_prime(net: Instance, k: int) -> sp.Expr:
    """Σ_{z=0}^{9} exp{p⁽³⁾_{z,k}} 1{Σ⁽³⁾_{z,k} > 0} (Σ_{i=0}^{63} w_{i,z} 1{Σ⁽²⁾_{i,k} > 0})."""
    return S(0, net.bound(9), lambda z: sp.exp(net.p(3, z, k)) * net.I(3, z, k) * S(
        0, net.bound(63), lambda i: net.w(3, i, z) * net.I(2, i, k)))


def _b2_bracket(net: Instance, m: int, k: int) -> sp.Expr:
    """The note's bracket of the b⁽²⁾ result (the factor of p̂_{m,k} and of t_{m,k})."""
    return S(0, net.bound(63), lambda i: net.w(3, i, m) * net.I(3, m, k) * net.I(2, i, k)) - S(
        0, net.bound(9), lambda z: net.ph(z, k) * S(
            0, net.bound(63), lambda i: net.w(3, i, z) * net.I(3, z, k) * net.I(2, i, k)))


def over_ik2(net: Instance, entry: Callable[[int, int], sp.Expr]) -> sp.ImmutableMatrix:
    return over_nk(net, 2, entry)


B2 = [
    claim(
        "000-b2-start", f"{B2_STEP}: first line",
        "∂C/∂b⁽²⁾ through ∂p̂_{m,k}/∂b⁽²⁾",
        r"\frac{\partial}{\partial b^{(2)}} [C(\underline{\theta})] = \frac{-1}{K}"
        r" \sum_{k=0}^{K-1} \sum_{m=0}^9 \left(\frac{t_{m,k}}{\hat{p}_{m,k}}"
        r" \frac{\partial}{\partial b^{(2)}} [\hat{p}_{m,k}] \right)",
        lambda net: -sp.Rational(1, net.K) * S(0, net.K - 1, lambda k: S(
            0, net.bound(9),
            lambda m: net.tt(m, k) / net.ph(m, k) * d_phat(net, m, k, b2(net)))),
        lambda net: dC(net, b2(net)),
        reading="q read as 9.",
    ),
    claim(
        "000-b2-exp-chain", f"{B2_STEP}: \"Now, ∂/∂b⁽²⁾[exp{{p̂_{{m,k}}}}] = …\"",
        "∂/∂b⁽²⁾ exp p⁽³⁾ by the chain rule",
        r"\frac{\partial}{\partial b^{(2)}} [\exp\{p_{m,k}^{(3)}\}] = \exp\{p_{m,k}^{(3)}\}"
        r" \frac{\partial}{\partial b^{(2)}} [p_{m,k}^{(3)}]",
        lambda net: over_mk(net, lambda m, k: u(net, m, k) * d(net.p(3, m, k), b2(net))),
        lambda net: over_mk(net, lambda m, k: d_exp_p3(net, m, k, b2(net))),
        what="exp p⁽³⁾_{m,k}",
        reading="The OCR puts hats on p in this line; read as p⁽³⁾ (the softmax numerator).",
    ),
    claim(
        "000-b2-exp-bracket", f"{B2_STEP}: \"= exp{{p̂⁽³⁾_{{m,k}}}} ∏{{Σ⁽³⁾_{{m,k}} > 0}} "
        "∂/∂b⁽²⁾[b⁽²⁾ + Σ_{i=0}^{63} w_{i,m} p⁽²⁾_{i,k}]\"",
        "… = exp p⁽³⁾ · 1{Σ⁽³⁾ > 0} · ∂[bias + Σ w p⁽²⁾]/∂b⁽²⁾",
        r"= \exp\{p_{m,k}^{(3)}\} \mathbf{1}\{\Sigma_{m,k}^{(3)} > 0\}"
        r" \frac{\partial}{\partial b^{(2)}} \left[b^{(2)} + \sum_{i=0}^{63} w_{i,m}"
        r" p_{i,k}^{(2)} \right]",
        lambda net: over_mk(net, lambda m, k: u(net, m, k) * net.I(3, m, k) * d(
            net.b(2) + S(0, net.bound(63), lambda i: net.w(3, i, m) * net.p(2, i, k)),
            b2(net))),
        lambda net: over_mk(net, lambda m, k: d_exp_p3(net, m, k, b2(net))),
        what="exp p⁽³⁾_{m,k}", expected=FAILS,
        reading=("The bias in the bracket reads b⁽²⁾. The bracket is Σ⁽³⁾_{m,k}, whose bias "
                 "is b⁽³⁾; the note's next lines carry no term from the b⁽²⁾ (their result is "
                 "right), so this may be a slip of the pen or an OCR misreading of 3 as 2. "
                 "The weights have no superscript; read w⁽³⁾."),
        why=("The ReLU's input Σ⁽³⁾_{m,k} contains b⁽³⁾, not b⁽²⁾: with b⁽²⁾ in the bracket "
             "its derivative has an extra term 1 (b⁽²⁾ enters p⁽³⁾ only through p⁽²⁾)."),
        correction=r"= \exp\{p_{m,k}^{(3)}\} \mathbf{1}\{\Sigma_{m,k}^{(3)} > 0\}"
                   r" \frac{\partial}{\partial b^{(2)}} \left[b^{(3)} + \sum_{i=0}^{63}"
                   r" w^{(3)}_{i,m} p_{i,k}^{(2)} \right]",
        corrected=lambda net: over_mk(net, lambda m, k: u(net, m, k) * net.I(3, m, k) * d(
        net.b(3) + S(0, net.bound(63), lambda i: net.w(3, i, m) * net.p(2, i, k)), b2(net))),
    ),
    claim(
        "000-b2-p2-chain", f"{B2_STEP}: \"Now, ∂/∂b[p⁽²⁾_{{i,k}}] = ∂/∂b[b⁽²⁾ + "
        "Σ_{j=0}^{127} w_{j,i} p⁽¹⁾_{j,k}] · ∂/∂x[f(x)]\"",
        "∂p⁽²⁾_{i,k}/∂b⁽²⁾ by the chain rule",
        r"\frac{\partial}{\partial b} [p_{i,k}^{(2)}] = \frac{\partial}{\partial b}"
        r" \left[b^{(2)} + \sum_{j=0}^{127} w_{j,i} p_{j,k}^{(1)} \right] \cdot"
        r" \frac{\partial}{\partial x} [f(x)]\Big|_{x = \Sigma_{i,k}^{(2)}}",
        lambda net: over_ik2(net, lambda i, k: d(net.b(2) + S(
            0, net.bound(127), lambda j: net.w(2, j, i) * net.p(1, j, k)), b2(net))
            * f_prime(net.sig(2, i, k))),
        lambda net: over_ik2(net, lambda i, k: d(net.p(2, i, k), b2(net))),
        what="p⁽²⁾_{i,k}",
        reading="b is b⁽²⁾ here (the box's variable); the weights are w⁽²⁾.",
    ),
    claim(
        "000-b2-p2-indicator", f"{B2_STEP}: \"= 1 · ∏{{Σ⁽²⁾_{{i,k}} > 0}}\"",
        "∂p⁽²⁾_{i,k}/∂b⁽²⁾ = 1{Σ⁽²⁾_{i,k} > 0}",
        r"= 1 \cdot \mathbf{1}\{\Sigma_{i,k}^{(2)} > 0\}",
        lambda net: over_ik2(net, lambda i, k: net.I(2, i, k)),
        lambda net: over_ik2(net, lambda i, k: d(net.p(2, i, k), b2(net))),
        what="p⁽²⁾_{i,k}",
    ),
    claim(
        "000-b2-u-prime", f"{B2_STEP}: \"So, ∂/∂b[exp{{p⁽³⁾_{{m,k}}}}] = …\"",
        "u' = ∂ exp p⁽³⁾_{m,k}/∂b⁽²⁾",
        r"\frac{\partial}{\partial b} [\exp \{ p_{m,k}^{(3)} \}] = \exp \{ p_{m,k}^{(3)} \}"
        r" \mathbf{1}\{\Sigma_{m,k}^{(3)} > 0\} \left(\sum_{i=0}^{63} w_{i,m}"
        r" \mathbf{1}\{\Sigma_{i,k}^{(2)} > 0\} \right)",
        lambda net: over_mk(net, lambda m, k: _b2_u_prime(net, m, k)),
        lambda net: over_mk(net, lambda m, k: d_exp_p3(net, m, k, b2(net))),
        what="exp p⁽³⁾_{m,k}",
        reading=("The outer indicator reads Σ⁽³⁾_{i,k}, with i outside the sum over i where it "
                 "is not defined; read as Σ⁽³⁾_{m,k}, as the quotient-rule lines below use it."),
    ),
    claim(
        "000-b2-softmax", f"{B2_STEP}: \"So, use quotient rule on the following: p̂_{{m,k}} = "
        "u/v\"",
        "the softmax restated, p̂ = u/v with v = Σ_{z=0}^{9} exp p⁽³⁾_{z,k}",
        r"\hat{p}_{m,k} = \frac{u}{v} = \frac{\exp \{ p_{m,k}^{(3)} \}}{\sum_{z=0}^9"
        r" \exp \{ p_{z,k}^{(3)} \}}",
        lambda net: over_mk(net, lambda m, k: u(net, m, k) / v(net, k)),
        lambda net: net.p_hat,
        what="the softmax of the output layer (the instance's p̂)",
        reading="The b⁽¹⁾, w⁽³⁾, w⁽²⁾ and w⁽¹⁾ steps restate the same quotient, with q for 9.",
    ),
    claim(
        "000-b2-v-prime", f"{B2_STEP}: \"v' = Σ_{{z=0}}^{{9}} exp{{p⁽³⁾_{{z,k}}}} …\"",
        "v' = ∂(Σ_z exp p⁽³⁾_{z,k})/∂b⁽²⁾",
        r"v' = \sum_{z=0}^9 \exp \{ p_{z,k}^{(3)} \} \mathbf{1}\{\Sigma_{z,k}^{(3)} > 0\}"
        r" \left(\sum_{i=0}^{63} w_{i,z} \mathbf{1}\{\Sigma_{i,k}^{(2)} > 0\} \right)",
        lambda net: over_mk(net, lambda m, k: _b2_v_prime(net, k)),
        lambda net: over_mk(net, lambda m, k: d_denominator(net, k, b2(net))),
        what="v = Σ_z exp p⁽³⁾_{z,k}",
    ),
    claim(
        "000-b2-quotient", f"{B2_STEP}: \"So, ∂/∂b[p̂_{{m,k}}] = (vu − uv')/v²\"",
        "the quotient rule with the note's u' and v'",
        r"\frac{\partial}{\partial b} [\hat{p}_{m,k}] = \frac{vu' - uv'}{v^2}",
        lambda net: over_mk(net, lambda m, k: (v(net, k) * _b2_u_prime(net, m, k)
                                               - u(net, m, k) * _b2_v_prime(net, k))
                            / v(net, k) ** 2),
        lambda net: over_mk(net, lambda m, k: d_phat(net, m, k, b2(net))),
        what="p̂_{m,k}",
        reading=("The OCR reads (vu − uv')/v²; the prime on u is read as lost (\"u' is given "
                 "here\" points at it, and the b⁽¹⁾ step writes vu' − uv')."),
    ),
    claim(
        "000-b2-expanded", f"{B2_STEP}: \"= 1/(Σ_{{z=0}}^{{9}} exp{{p⁽³⁾_{{z,k}}}})² (…)\"",
        "the quotient written out",
        r"= \frac{1}{\left(\sum_{z=0}^9 \exp \{ p_{z,k}^{(3)} \} \right)^2} \Bigg("
        r"\left(\sum_{z=0}^9 \exp \{ p_{z,k}^{(3)} \} \right) \exp \{ p_{m,k}^{(3)} \}"
        r" \mathbf{1}\{\Sigma_{m,k}^{(3)} > 0\} \left(\sum_{i=0}^{63} w_{i,m}"
        r" \mathbf{1}\{\Sigma_{i,k}^{(2)} > 0\} \right) - \exp \{ p_{m,k}^{(3)} \}"
        r" \sum_{z=0}^9 \exp \{ p_{z,k}^{(3)} \} \mathbf{1}\{\Sigma_{z,k}^{(3)} > 0\}"
        r" \left(\sum_{i=0}^{63} w_{i,z} \mathbf{1}\{\Sigma_{i,k}^{(2)} > 0\} \right) \Bigg)",
        lambda net: over_mk(net, lambda m, k: (
            v(net, k) * u(net, m, k) * net.I(3, m, k) * S(
                0, net.bound(63), lambda i: net.w(3, i, m) * net.I(2, i, k))
            - u(net, m, k) * S(0, net.bound(9), lambda z: sp.exp(net.p(3, z, k)) * net.I(
                3, z, k) * S(0, net.bound(63), lambda i: net.w(3, i, z) * net.I(2, i, k))))
            / v(net, k) ** 2),
        lambda net: over_mk(net, lambda m, k: d_phat(net, m, k, b2(net))),
        what="p̂_{m,k}",
        reading=("The line break in the OCR leaves the second term outside the bracket that "
                 "1/v² multiplies; read as inside (the quotient (vu' − uv')/v²)."),
    ),
    claim(
        "000-b2-dphat", f"{B2_STEP}: \"= p̂_{{m,k}}(Σ_{{i=0}}^{{63}} w_{{i,m}} ∏{{Σ⁽³⁾ > 0, "
        "Σ⁽²⁾ > 0}} − …)\"",
        "∂p̂_{m,k}/∂b⁽²⁾",
        r"= \hat{p}_{m,k} \left(\sum_{i=0}^{63} w_{i,m} \mathbf{1}\{\Sigma_{m,k}^{(3)} > 0,"
        r" \Sigma_{i,k}^{(2)} > 0\} - \sum_{z=0}^9 \hat{p}_{z,k} \sum_{i=0}^{63} w_{i,z}"
        r" \mathbf{1}\{\Sigma_{z,k}^{(3)} > 0, \Sigma_{i,k}^{(2)} > 0\} \right)",
        lambda net: over_mk(net, lambda m, k: net.ph(m, k) * _b2_bracket(net, m, k)),
        lambda net: over_mk(net, lambda m, k: d_phat(net, m, k, b2(net))),
        what="p̂_{m,k}",
        reading="1{A, B} is read as the indicator that both A and B hold (the product).",
    ),
    claim(
        "000-b2-final", f"{B2_STEP}: \"⇒ ∂/∂b[C(θ)] = …\" (the result)",
        "∂C/∂b⁽²⁾ (the result)",
        r"\frac{\partial}{\partial b} [C(\theta)] = \frac{-1}{K} \sum_{k=0}^{K-1}"
        r" \sum_{m=0}^9 t_{m,k} \left(\sum_{i=0}^{63} w_{i,m} \mathbf{1}\{\Sigma_{m,k}^{(3)}"
        r" > 0, \Sigma_{i,k}^{(2)} > 0\} - \sum_{z=0}^9 \hat{p}_{z,k} \sum_{i=0}^{63} w_{i,z}"
        r" \mathbf{1}\{\Sigma_{z,k}^{(3)} > 0, \Sigma_{i,k}^{(2)} > 0\} \right)",
        lambda net: -sp.Rational(1, net.K) * S(0, net.K - 1, lambda k: S(
            0, net.bound(9), lambda m: net.tt(m, k) * _b2_bracket(net, m, k))),
        lambda net: dC(net, b2(net)),
        reading="t_{m,R_k} in the OCR read as t_{m,k}; b is b⁽²⁾ and w is w⁽³⁾.",
    ),
]


# =============================================================================================
# ∂C/∂b⁽¹⁾
# =============================================================================================

B1_STEP = "② b⁽¹⁾ box"


def _b1_chain(net: Instance, i: int, k: int) -> sp.Expr:
    """1{Σ⁽²⁾_{i,k} > 0} (Σ_{j=0}^{127} w⁽²⁾_{j,i} 1{Σ⁽¹⁾_{j,k} > 0}) = ∂p⁽²⁾_{i,k}/∂b⁽¹⁾."""
    return net.I(2, i, k) * S(0, net.bound(127), lambda j: net.w(2, j, i) * net.I(1, j, k))


def _b1_u_prime(net: Instance, m: int, k: int) -> sp.Expr:
    return u(net, m, k) * net.I(3, m, k) * S(
        0, net.bound(63), lambda i: net.w(3, i, m) * _b1_chain(net, i, k))


def _b1_v_prime(net: Instance, k: int) -> sp.Expr:
    return S(0, net.bound(9), lambda z: sp.exp(net.p(3, z, k)) * net.I(3, z, k) * S(
        0, net.bound(63), lambda i: net.w(3, i, z) * _b1_chain(net, i, k)))


def _b1_shorthand_as_written(net: Instance, m: int, k: int) -> sp.Expr:
    """The line with the shorthand I and the sum over z, as read (see its claim)."""
    first = S(0, net.bound(63), lambda i: S(0, net.bound(127), lambda j: net.I(3, m, k)
              * net.w(3, i, m) * net.I(2, i, k) * net.w(2, i, j) * net.I(1, i, k)))
    second = S(0, net.bound(63), lambda i: S(0, net.bound(127), lambda j: S(
        0, net.bound(9), lambda z: net.ph(z, k) * net.I(3, z, k) * net.w(3, i, z)
        * net.I(2, z, k) * net.w(2, i, j) * net.I(1, i, k))))
    return net.ph(m, k) * (first - second)


def _b1_final_as_written(net: Instance) -> sp.Expr:
    def bracket(m: int, k: int) -> sp.Expr:
        first = S(0, net.bound(63), lambda i: S(0, net.bound(127), lambda j: net.I(3, m, k)
                  * net.w(2, i, m) * net.I(1, i, k)))
        second = S(0, net.bound(9), lambda z: S(0, net.bound(63), lambda l_: S(
            0, net.bound(127), lambda s: net.ph(z, k) * net.w(2, z, l_) * net.I(1, z, k))))
        return first - second
    return -sp.Rational(1, net.K) * S(0, net.K - 1, lambda k: S(
        0, net.bound(9), lambda m: net.tt(m, k) * bracket(m, k)))


def _b1_bracket(net: Instance, m: int, k: int) -> sp.Expr:
    """The corrected bracket: Σ_i Σ_j I⁽³⁾_m w⁽³⁾_{i,m} I⁽²⁾_i w⁽²⁾_{j,i} I⁽¹⁾_j − Σ_z p̂_z (…)."""
    def path(z: int) -> sp.Expr:
        return S(0, net.bound(63), lambda i: S(0, net.bound(127), lambda j: net.I(3, z, k)
                 * net.w(3, i, z) * net.I(2, i, k) * net.w(2, j, i) * net.I(1, j, k)))
    return path(m) - S(0, net.bound(9), lambda z: net.ph(z, k) * path(z))


B1_CORRECT = (
    r"\frac{\partial}{\partial b^{(1)}} [C(\underline{\theta})] = \frac{-1}{K}"
    r" \sum_{k=0}^{K-1} \sum_{m=0}^9 t_{m,k} \left(\sum_{i=0}^{63} \sum_{j=0}^{127}"
    r" I_{m,k}^{(3)} w_{i,m}^{(3)} I_{i,k}^{(2)} w_{j,i}^{(2)} I_{j,k}^{(1)} - \sum_{z=0}^9"
    r" \sum_{i=0}^{63} \sum_{j=0}^{127} \hat{p}_{z,k} I_{z,k}^{(3)} w_{i,z}^{(3)}"
    r" I_{i,k}^{(2)} w_{j,i}^{(2)} I_{j,k}^{(1)} \right)"
)

B1 = [
    claim(
        "000-b1-start", f"{B1_STEP}: \"[b] ∂/∂b[C(θ)] = …\"",
        "∂C/∂b⁽¹⁾ through ∂p̂_{m,k}/∂b⁽¹⁾",
        r"\frac{\partial}{\partial b} [C(\theta)] = \frac{-1}{K} \sum_{k=0}^{K-1}"
        r" \sum_{m=0}^9 \left(\frac{t_{m,k}}{\hat{p}_{m,k}} \frac{\partial}{\partial b}"
        r" [\hat{p}_{m,k}] \right)",
        lambda net: -sp.Rational(1, net.K) * S(0, net.K - 1, lambda k: S(
            0, net.bound(9),
            lambda m: net.tt(m, k) / net.ph(m, k) * d_phat(net, m, k, b1(net)))),
        lambda net: dC(net, b1(net)),
        reading=("The box label and the b of this step are b⁽¹⁾ (the page goes on \"b⁽¹⁾ "
                 "cont.\"); t_{m,R_k} read as t_{m,k}."),
    ),
    claim(
        "000-b1-exp-chain", f"{B1_STEP}: \"Now, ∂/∂b[exp{{p⁽³⁾_{{m,k}}}}] = exp{{p⁽³⁾_{{m,k}}}} "
        "∂/∂b[p̂_{m,k}]\"",
        "∂/∂b⁽¹⁾ exp p⁽³⁾ by the chain rule",
        r"\frac{\partial}{\partial b} [\exp \{ p_{m,k}^{(3)} \}] = \exp \{ p_{m,k}^{(3)} \}"
        r" \frac{\partial}{\partial b} [p_{m,k}^{(3)}]",
        lambda net: over_mk(net, lambda m, k: u(net, m, k) * d(net.p(3, m, k), b1(net))),
        lambda net: over_mk(net, lambda m, k: d_exp_p3(net, m, k, b1(net))),
        what="exp p⁽³⁾_{m,k}",
        reading=("The OCR has ∂/∂b[p̂_{m,k}] on the right; read as p⁽³⁾_{m,k} (the hat is the "
                 "OCR's, as in the same line of the b⁽³⁾ and b⁽²⁾ steps)."),
    ),
    claim(
        "000-b1-exp-bracket", f"{B1_STEP}: \"= exp{{p⁽³⁾_{{m,k}}}} ∏{{Σ⁽³⁾_{{m,k}} > 0}} "
        "∂/∂b[b + Σ_{i=0}^{63} w_{i,m} p⁽²⁾_{i,k}]\"",
        "… = exp p⁽³⁾ · 1{Σ⁽³⁾ > 0} · ∂Σ⁽³⁾/∂b⁽¹⁾",
        r"= \exp \{ p_{m,k}^{(3)} \} \mathbf{1}\{\Sigma_{m,k}^{(3)} > 0\}"
        r" \frac{\partial}{\partial b} \left[b + \sum_{i=0}^{63} w_{i,m} p_{i,k}^{(2)} \right]",
        lambda net: over_mk(net, lambda m, k: u(net, m, k) * net.I(3, m, k) * d(
            net.b(3) + S(0, net.bound(63), lambda i: net.w(3, i, m) * net.p(2, i, k)),
            b1(net))),
        lambda net: over_mk(net, lambda m, k: d_exp_p3(net, m, k, b1(net))),
        what="exp p⁽³⁾_{m,k}",
        reading=("The bias inside the bracket has no superscript; read as b⁽³⁾ (the bracket "
                 "is Σ⁽³⁾_{m,k}); the b of ∂/∂b is b⁽¹⁾."),
    ),
    claim(
        "000-b1-exp-sum", f"{B1_STEP}: \"= exp{{p⁽³⁾_{{m,k}}}} ∏{{…}} (Σ_{{i=0}}^{{63}} "
        "w⁽³⁾_{i,m} ∂/∂b[p̂⁽²⁾_{i,k}])\"",
        "… = exp p⁽³⁾ · 1{Σ⁽³⁾ > 0} · Σ_i w⁽³⁾_{i,m} ∂p⁽²⁾_{i,k}/∂b⁽¹⁾",
        r"= \exp \{ p_{m,k}^{(3)} \} \mathbf{1}\{\Sigma_{m,k}^{(3)} > 0\} \left(\sum_{i=0}^{63}"
        r" w_{i,m}^{(3)} \frac{\partial}{\partial b} [p_{i,k}^{(2)}] \right)",
        lambda net: over_mk(net, lambda m, k: u(net, m, k) * net.I(3, m, k) * S(
            0, net.bound(63), lambda i: net.w(3, i, m) * d(net.p(2, i, k), b1(net)))),
        lambda net: over_mk(net, lambda m, k: d_exp_p3(net, m, k, b1(net))),
        what="exp p⁽³⁾_{m,k}",
        reading="∂/∂b[p̂⁽²⁾_{i,k}]: the hat is the OCR's; read p⁽²⁾_{i,k}.",
    ),
    claim(
        "000-b1-p2-chain", f"{B1_STEP}, \"Keep unpacking the derivative from prev. page…\": "
        "∂/∂b⁽¹⁾[p⁽²⁾_{i,k}] = ∂/∂x[f(x)] ∂/∂b⁽¹⁾[b⁽²⁾ + …]",
        "∂p⁽²⁾_{i,k}/∂b⁽¹⁾ by the chain rule",
        r"\frac{\partial}{\partial b^{(1)}} [p_{i,k}^{(2)}] = \frac{\partial}{\partial x}"
        r" [f(x)] \frac{\partial}{\partial b^{(1)}} \Big[b^{(2)} + \sum_{j=0}^{127}"
        r" w_{j,i}^{(2)} p_{j,k}^{(1)}\Big]",
        lambda net: over_ik2(net, lambda i, k: f_prime(net.sig(2, i, k)) * d(net.b(2) + S(
            0, net.bound(127), lambda j: net.w(2, j, i) * net.p(1, j, k)), b1(net))),
        lambda net: over_ik2(net, lambda i, k: d(net.p(2, i, k), b1(net))),
        what="p⁽²⁾_{i,k}",
        reading="x = Σ⁽²⁾_{i,k}, as the b⁽²⁾ step says.",
    ),
    claim(
        "000-b1-p2-sum", f"{B1_STEP}: \"= ∏{{Σ⁽²⁾_{{i,k}} > 0}} (Σ_{{j=0}}^{{127}} w⁽²⁾_{{j,i}} "
        "∂/∂b⁽¹⁾[p⁽¹⁾_{j,k}])\"",
        "… = 1{Σ⁽²⁾ > 0} Σ_j w⁽²⁾_{j,i} ∂p⁽¹⁾_{j,k}/∂b⁽¹⁾",
        r"= \mathbf{1}\{\Sigma_{i,k}^{(2)} > 0\} \left(\sum_{j=0}^{127} w_{j,i}^{(2)}"
        r" \frac{\partial}{\partial b^{(1)}} [p_{j,k}^{(1)}] \right)",
        lambda net: over_ik2(net, lambda i, k: net.I(2, i, k) * S(
            0, net.bound(127), lambda j: net.w(2, j, i) * d(net.p(1, j, k), b1(net)))),
        lambda net: over_ik2(net, lambda i, k: d(net.p(2, i, k), b1(net))),
        what="p⁽²⁾_{i,k}",
    ),
    claim(
        "000-b1-p2-p1", f"{B1_STEP}: \"= ∏{{…}} (Σ_{{j=0}}^{{127}} w⁽²⁾_{{j,i}} ∂/∂y[f(y)] "
        "∂/∂b⁽¹⁾[b⁽¹⁾ + Σ_{n=0}^{783} w⁽¹⁾_{n,j} p⁽⁰⁾_{n,k}])\"",
        "… = 1{Σ⁽²⁾ > 0} Σ_j w⁽²⁾_{j,i} f'(Σ⁽¹⁾_{j,k}) ∂Σ⁽¹⁾_{j,k}/∂b⁽¹⁾",
        r"= \mathbf{1}\{\Sigma_{i,k}^{(2)} > 0\} \left(\sum_{j=0}^{127} w_{j,i}^{(2)}"
        r" \frac{\partial}{\partial y} [f(y)] \frac{\partial}{\partial b^{(1)}} \Big[b^{(1)} +"
        r" \sum_{n=0}^{783} w_{n,j}^{(1)} p_{n,k}^{(0)}\Big] \right)",
        lambda net: over_ik2(net, lambda i, k: net.I(2, i, k) * S(
            0, net.bound(127), lambda j: net.w(2, j, i) * f_prime(net.sig(1, j, k)) * d(
                net.b(1) + S(0, net.bound(783), lambda n: net.w(1, n, j) * net.x[n, k]),
                b1(net)))),
        lambda net: over_ik2(net, lambda i, k: d(net.p(2, i, k), b1(net))),
        what="p⁽²⁾_{i,k}",
        reading=("The OCR sets y = Σ⁽¹⁾_{i,k} beside the previous line; inside the sum over j "
                 "it can only be Σ⁽¹⁾_{j,k}, read so."),
    ),
    claim(
        "000-b1-p2-indicator", f"{B1_STEP}: \"= ∏{{Σ⁽²⁾_{{i,k}} > 0}} (Σ_{{j=0}}^{{127}} "
        "w⁽²⁾_{j,i} ∏{Σ⁽¹⁾_{j,k} > 0})\"",
        "∂p⁽²⁾_{i,k}/∂b⁽¹⁾ = 1{Σ⁽²⁾ > 0} Σ_j w⁽²⁾_{j,i} 1{Σ⁽¹⁾_{j,k} > 0}",
        r"= \mathbf{1}\{\Sigma_{i,k}^{(2)} > 0\} \left(\sum_{j=0}^{127} w_{j,i}^{(2)}"
        r" \mathbf{1}\{\Sigma_{j,k}^{(1)} > 0\} \right)",
        lambda net: over_ik2(net, lambda i, k: _b1_chain(net, i, k)),
        lambda net: over_ik2(net, lambda i, k: d(net.p(2, i, k), b1(net))),
        what="p⁽²⁾_{i,k}",
        reading="The '= 1' written beside the line is the derivative of the bracket.",
    ),
    claim(
        "000-b1-u-prime", f"{B1_STEP}: \"So, ∂/∂b⁽¹⁾[exp{{p⁽³⁾_{{m,k}}}}] = …\"",
        "u' = ∂ exp p⁽³⁾_{m,k}/∂b⁽¹⁾",
        r"\frac{\partial}{\partial b^{(1)}} [\exp\{p_{m,k}^{(3)}\}] = \exp\{p_{m,k}^{(3)}\}"
        r" \mathbf{1}\{\Sigma_{m,k}^{(3)} > 0\} \left(\sum_{i=0}^{63} w_{i,m}^{(3)}"
        r" \mathbf{1}\{\Sigma_{i,k}^{(2)} > 0\} \left(\sum_{j=0}^{127} w_{j,i}^{(2)}"
        r" \mathbf{1}\{\Sigma_{j,k}^{(1)} > 0\} \right) \right)",
        lambda net: over_mk(net, lambda m, k: _b1_u_prime(net, m, k)),
        lambda net: over_mk(net, lambda m, k: d_exp_p3(net, m, k, b1(net))),
        what="exp p⁽³⁾_{m,k}",
        reading=("The outer indicator reads Σ⁽³⁾_{z,k}, with z not defined in this line; read "
                 "as Σ⁽³⁾_{m,k}, as in the quotient-rule lines below."),
    ),
    claim(
        "000-b1-v-prime", f"{B1_STEP}: \"v' = Σ_{{z=0}}^{{9}} exp{{p⁽³⁾_{{z,k}}}} …\"",
        "v' = ∂(Σ_z exp p⁽³⁾_{z,k})/∂b⁽¹⁾",
        r"v' = \sum_{z=0}^9 \exp\{p_{z,k}^{(3)}\} \mathbf{1}\{\Sigma_{z,k}^{(3)} > 0\}"
        r" \left(\sum_{i=0}^{63} w_{i,z}^{(3)} \mathbf{1}\{\Sigma_{i,k}^{(2)} > 0\}"
        r" \left(\sum_{j=0}^{127} w_{j,i}^{(2)} \mathbf{1}\{\Sigma_{j,k}^{(1)} > 0\} \right)"
        r" \right)",
        lambda net: over_mk(net, lambda m, k: _b1_v_prime(net, k)),
        lambda net: over_mk(net, lambda m, k: d_denominator(net, k, b1(net))),
        what="v = Σ_z exp p⁽³⁾_{z,k}",
    ),
    claim(
        "000-b1-quotient", f"{B1_STEP}: \"So, ∂/∂b⁽¹⁾[p̂_{{m,k}}] = (vu' − uv')/v²\"",
        "the quotient rule with the note's u' and v'",
        r"\frac{\partial}{\partial b^{(1)}} [\hat{p}_{m,k}] = \frac{vu' - uv'}{v^2}",
        lambda net: over_mk(net, lambda m, k: (v(net, k) * _b1_u_prime(net, m, k)
                                               - u(net, m, k) * _b1_v_prime(net, k))
                            / v(net, k) ** 2),
        lambda net: over_mk(net, lambda m, k: d_phat(net, m, k, b1(net))),
        what="p̂_{m,k}",
    ),
    claim(
        "000-b1-expanded", f"{B1_STEP}: \"= 1/(Σ_{{z=0}}^{{9}} exp{{p⁽³⁾_{{z,k}}}})² ((Σ …) "
        "exp{p⁽³⁾_{m,k}} …)\"",
        "the quotient written out",
        r"= \frac{1}{\left(\sum_{z=0}^9 \exp\{p_{z,k}^{(3)}\} \right)^2} \left("
        r"\left(\sum_{z=0}^9 \exp\{p_{z,k}^{(3)}\} \right) \exp\{p_{m,k}^{(3)}\}"
        r" \mathbf{1}\{\Sigma_{m,k}^{(3)} > 0\} \left(\sum_{i=0}^{63} w_{i,m}^{(3)}"
        r" \mathbf{1}\{\Sigma_{i,k}^{(2)} > 0\} \left(\sum_{j=0}^{127} w_{j,i}^{(2)}"
        r" \mathbf{1}\{\Sigma_{j,k}^{(1)} > 0\} \right) \right) \right)",
        lambda net: over_mk(net, lambda m, k: v(net, k) * _b1_u_prime(net, m, k)
                            / v(net, k) ** 2),
        lambda net: over_mk(net, lambda m, k: d_phat(net, m, k, b1(net))),
        what="p̂_{m,k}", expected=FAILS,
        reading=("Only the vu' term is in the transcription; the − uv' term may be on a line "
                 "the OCR lost (the same line of the b⁽²⁾ step has both terms, and the next "
                 "lines here have the second sum)."),
        why="The − uv'/v² term of the quotient rule (the sum over z) is missing.",
        correction=r"= \frac{1}{\left(\sum_{z=0}^9 \exp\{p_{z,k}^{(3)}\} \right)^2} \Big("
                   r"\left(\sum_{z} \exp\{p_{z,k}^{(3)}\} \right) \exp\{p_{m,k}^{(3)}\}"
                   r" I_{m,k}^{(3)} \sum_{i} w_{i,m}^{(3)} I_{i,k}^{(2)} \sum_{j}"
                   r" w_{j,i}^{(2)} I_{j,k}^{(1)} - \exp\{p_{m,k}^{(3)}\} \sum_{z}"
                   r" \exp\{p_{z,k}^{(3)}\} I_{z,k}^{(3)} \sum_{i} w_{i,z}^{(3)} I_{i,k}^{(2)}"
                   r" \sum_{j} w_{j,i}^{(2)} I_{j,k}^{(1)} \Big)",
        corrected=lambda net: over_mk(net, lambda m, k: (
        v(net, k) * _b1_u_prime(net, m, k) - u(net, m, k) * _b1_v_prime(net, k))
        / v(net, k) ** 2),
    ),
    claim(
        "000-b1-shorthand", f"{B1_STEP}: \"Define shorthand I⁽¹⁾_{{i,k}} := ∏{{…}}\", then "
        "\"= p̂_{m,k}(Σ_{i=0}^{63} Σ_{j=0}^{127} … − Σ Σ Σ_{z=0}^{9} …)\"",
        "∂p̂_{m,k}/∂b⁽¹⁾ in the shorthand I",
        r"= \hat{p}_{m,k} \left(\sum_{i=0}^{63} \sum_{j=0}^{127} I_{m,k}^{(3)} w_{i,m}^{(3)}"
        r" I_{i,k}^{(2)} w_{i,j}^{(2)} I_{i,k}^{(1)} - \sum_{i=0}^{63} \sum_{j=0}^{127}"
        r" \sum_{z=0}^9 \hat{p}_{z,k} I_{z,k}^{(3)} w_{i,z}^{(3)} I_{z,k}^{(2)} w_{i,j}^{(2)}"
        r" I_{i,k}^{(1)} \right)",
        lambda net: over_mk(net, lambda m, k: _b1_shorthand_as_written(net, m, k)),
        lambda net: over_mk(net, lambda m, k: d_phat(net, m, k, b1(net))),
        what="p̂_{m,k}", expected=FAILS,
        reading=("Read as the OCR has it except the first indicator, OCR'd "
                 "'I⁽³⁾_{i,k} m_{j,k}' and read I⁽³⁾_{m,k}. The same line appears first without "
                 "the Σ_z (z then undefined); the note adds it on the next line, the one "
                 "checked here. The line before it (OCR-garbled beyond reading) is not a claim."),
        why=("The indices of the two inner layers are crossed: w⁽²⁾_{i,j} should be w⁽²⁾_{j,i} "
             "(j runs over layer 1, i over layer 2), I⁽¹⁾_{i,k} should be I⁽¹⁾_{j,k}, and in "
             "the second term I⁽²⁾_{z,k} should be I⁽²⁾_{i,k}."),
        correction=r"= \hat{p}_{m,k} \left(\sum_{i=0}^{63} \sum_{j=0}^{127} I_{m,k}^{(3)}"
                   r" w_{i,m}^{(3)} I_{i,k}^{(2)} w_{j,i}^{(2)} I_{j,k}^{(1)} - \sum_{z=0}^9"
                   r" \sum_{i=0}^{63} \sum_{j=0}^{127} \hat{p}_{z,k} I_{z,k}^{(3)} w_{i,z}^{(3)}"
                   r" I_{i,k}^{(2)} w_{j,i}^{(2)} I_{j,k}^{(1)} \right)",
        corrected=lambda net: over_mk(
        net, lambda m, k: net.ph(m, k) * _b1_bracket(net, m, k)),
    ),
    claim(
        "000-b1-final", f"{B1_STEP}: \"So, ∂/∂b⁽¹⁾[C(θ)] = …\" (the result)",
        "∂C/∂b⁽¹⁾ (the result)",
        r"\frac{\partial}{\partial b^{(1)}} [C(\underline{\theta})] = \frac{-1}{K}"
        r" \sum_{k=0}^{K-1} \sum_{m=0}^9 t_{m,k} \left(\sum_{i=0}^{63} \sum_{j=0}^{127}"
        r" I_{m,k}^{(3)} w_{i,m}^{(2)} I_{i,k}^{(1)} - \sum_{z=0}^9 \sum_{l=0}^{63}"
        r" \sum_{s=0}^{127} \hat{p}_{z,k} w_{z,l}^{(2)} I_{z,k}^{(1)} \right)",
        _b1_final_as_written,
        lambda net: dC(net, b1(net)),
        expected=FAILS,
        reading=("The OCR of this line is damaged: it is transcribed as read (P̂⁽³⁾_{z,k} read "
                 "as p̂_{z,k}, q as 9). Which of the missing factors the handwriting has cannot "
                 "be told from the transcription."),
        why=("Factors of the path through layers 3 and 2 are missing (w⁽³⁾ and I⁽²⁾ in both "
             "terms, I⁽³⁾_{z,k} in the second), w⁽²⁾ carries the wrong indices, and the "
             "indicator of layer 1 must be I⁽¹⁾_{j,k}; the result is the previous line "
             "times t_{m,k}/p̂_{m,k}, summed."),
        correction=B1_CORRECT,
        corrected=lambda net: neg_inv_k(net) * S(0, net.K - 1, lambda k: S(
        0, net.bound(9), lambda m: net.tt(m, k) * _b1_bracket(net, m, k))),
    ),
]


# =============================================================================================
# ∂C/∂w⁽³⁾_{α,β}
# =============================================================================================

W3_STEP = "② W⁽³⁾_{α,β}"


def _w3_common(net: Instance, a: int, b: int, k: int) -> sp.Expr:
    """exp{p⁽³⁾_{β,k}} I⁽³⁾_{β,k} p⁽²⁾_{α,k}."""
    return sp.exp(net.p(3, b, k)) * net.I(3, b, k) * net.p(2, a, k)


def _w3_final_as_written(net: Instance) -> sp.ImmutableMatrix:
    return over_ab(net, 3, lambda a, b: -sp.Rational(1, net.K) * S(0, net.K - 1, lambda k: S(
        0, net.bound(9), lambda m: net.tt(m, k) * (indicator(m == b) * net.I(3, b, k)
                                                   * net.p(2, a, k)))))


W3 = [
    claim(
        "000-w3-start", f"{W3_STEP}: \"∂/∂w⁽³⁾_{{α,β}}[C(θ)] = −1/K Σ Σ t_{{m,k}} "
        "∂/∂w⁽³⁾_{α,β}[p̂_{m,k}]\"",
        "∂C/∂w⁽³⁾_{α,β} through ∂p̂_{m,k}/∂w⁽³⁾_{α,β}",
        r"\frac{\partial}{\partial w_{\alpha, \beta}^{(3)}} [C(\underline{\theta})] ="
        r" \frac{-1}{K} \sum_{k=0}^{K-1} \sum_{m=0}^9 t_{m,k}"
        r" \frac{\partial}{\partial w_{\alpha, \beta}^{(3)}} [\hat{p}_{m,k}]",
        lambda net: over_ab(net, 3, lambda a, b: -sp.Rational(1, net.K) * S(
            0, net.K - 1, lambda k: S(0, net.bound(9), lambda m: net.tt(m, k) * d_phat(
                net, m, k, net.w(3, a, b))))),
        lambda net: over_ab(net, 3, lambda a, b: dC(net, net.w(3, a, b))),
        what="C, for every weight w⁽³⁾_{α,β}", expected=FAILS,
        reading=("Transcribed as read: no 1/p̂_{m,k}. It may have been lost by the OCR; the "
                 "note's final w⁽³⁾ line (t_{m,k} times the bracket of ∂p̂/∂w without p̂) "
                 "is only consistent with it."),
        why=("The factor 1/p̂_{m,k} from differentiating log p̂_{m,k} is missing (the "
             "kick-off line has it)."),
        correction=r"\frac{\partial}{\partial w_{\alpha, \beta}^{(3)}} [C(\underline{\theta})]"
                   r" = \frac{-1}{K} \sum_{k=0}^{K-1} \sum_{m=0}^9 \frac{t_{m,k}}"
                   r"{\hat{p}_{m,k}} \frac{\partial}{\partial w_{\alpha, \beta}^{(3)}}"
                   r" [\hat{p}_{m,k}]",
        corrected=lambda net: over_ab(net, 3, lambda a, b: neg_inv_k(net) * S(
        0, net.K - 1, lambda k: S(0, net.bound(9), lambda m: net.tt(m, k) / net.ph(m, k)
                                  * d_phat(net, m, k, net.w(3, a, b))))),
    ),
    claim(
        "000-w3-exp-chain", f"{W3_STEP}: \"∂/∂w⁽³⁾_{{α,β}}[exp{{p⁽³⁾_{{m,k}}}}] = "
        "exp{p⁽³⁾_{m,k}} ∂/∂w⁽³⁾_{α,β}[p⁽³⁾_{m,k}]\"",
        "∂/∂w⁽³⁾ exp p⁽³⁾ by the chain rule",
        r"\frac{\partial}{\partial w_{\alpha, \beta}^{(3)}} \left[\exp \left\{ p_{m,k}^{(3)}"
        r" \right\} \right] = \exp \left\{ p_{m,k}^{(3)} \right\}"
        r" \frac{\partial}{\partial w_{\alpha, \beta}^{(3)}} [p_{m,k}^{(3)}]",
        lambda net: over_pairs_mk(net, 3, lambda a, b, m, k: u(net, m, k) * d(
            net.p(3, m, k), net.w(3, a, b))),
        lambda net: over_pairs_mk(net, 3, lambda a, b, m, k: d_exp_p3(
            net, m, k, net.w(3, a, b))),
        what="exp p⁽³⁾_{m,k}",
        reading="P̂⁽³⁾ in the OCR read as p⁽³⁾ (hats and capitals are the OCR's).",
    ),
    claim(
        "000-w3-exp-bracket", f"{W3_STEP}: \"= exp{{p⁽³⁾_{{m,k}}}} ∂/∂w⁽³⁾_{{α,β}}[b⁽³⁾ + "
        "Σ_{i=0}^{63} w⁽³⁾_{i,m} p⁽²⁾_{i,k}]\"",
        "… = exp p⁽³⁾ · ∂Σ⁽³⁾_{m,k}/∂w⁽³⁾_{α,β}",
        r"= \exp \left\{ p_{m,k}^{(3)} \right\} \frac{\partial}{\partial w_{\alpha,"
        r" \beta}^{(3)}} \left[b^{(3)} + \sum_{i=0}^{63} w_{i,m}^{(3)} p_{i,k}^{(2)} \right]",
        lambda net: over_pairs_mk(net, 3, lambda a, b, m, k: u(net, m, k) * d(
            net.b(3) + S(0, net.bound(63), lambda i: net.w(3, i, m) * net.p(2, i, k)),
            net.w(3, a, b))),
        lambda net: over_pairs_mk(net, 3, lambda a, b, m, k: d_exp_p3(
            net, m, k, net.w(3, a, b))),
        what="exp p⁽³⁾_{m,k}", expected=FAILS,
        reading=("Transcribed as read: no ReLU factor between exp and the derivative of the "
                 "bracket. The OCR tangles this line with an underbrace; the next line has "
                 "I⁽³⁾_{β,k}, so the factor may have been lost there."),
        why=("p⁽³⁾_{m,k} = f(Σ⁽³⁾_{m,k}): differentiating it by the bracket's weight needs "
             "f'(Σ⁽³⁾_{m,k}) = I⁽³⁾_{m,k}, as the b⁽³⁾ and w⁽²⁾ steps have."),
        correction=r"= \exp \left\{ p_{m,k}^{(3)} \right\} I_{m,k}^{(3)}"
                   r" \frac{\partial}{\partial w_{\alpha, \beta}^{(3)}} \left[b^{(3)} +"
                   r" \sum_{i=0}^{63} w_{i,m}^{(3)} p_{i,k}^{(2)} \right]",
        corrected=lambda net: over_pairs_mk(net, 3, lambda a, b, m, k: u(
        net, m, k) * net.I(3, m, k) * d(net.b(3) + S(
            0, net.bound(63), lambda i: net.w(3, i, m) * net.p(2, i, k)), net.w(3, a, b))),
    ),
    claim(
        "000-w3-exp-cases", f"{W3_STEP}: \"= 0 if m ≠ β, exp{{p⁽³⁾_{{β,k}}}} I⁽³⁾_{{β,k}} "
        "p⁽²⁾_{α,k} otherwise\"",
        "∂ exp p⁽³⁾_{m,k}/∂w⁽³⁾_{α,β} by cases",
        r"= \begin{cases} 0 & \text{if } m \neq \beta \\ \exp \left\{ p_{\beta,k}^{(3)}"
        r" \right\} I_{\beta,k}^{(3)} p_{\alpha,k}^{(2)} & \text{otherwise} \end{cases}",
        lambda net: over_pairs_mk(net, 3, lambda a, b, m, k: 0 if m != b else _w3_common(
            net, a, b, k)),
        lambda net: over_pairs_mk(net, 3, lambda a, b, m, k: d_exp_p3(
            net, m, k, net.w(3, a, b))),
        what="exp p⁽³⁾_{m,k}",
        reading="B read as β and d as α throughout the weight steps.",
    ),
    claim(
        "000-w3-u-prime", f"{W3_STEP}: \"U' is here: U' = exp{{p⁽³⁾_{{β,k}}}} I⁽³⁾_{{β,k}} "
        "p⁽²⁾_{α,k} [1{m = β}]\"",
        "U' = ∂ exp p⁽³⁾_{m,k}/∂w⁽³⁾_{α,β} with the index indicator",
        r"U' = \exp \left\{ p_{\beta,k}^{(3)} \right\} I_{\beta,k}^{(3)} p_{\alpha,k}^{(2)}"
        r" \mathbf{1}\{m = \beta\}",
        lambda net: over_pairs_mk(net, 3, lambda a, b, m, k: _w3_common(net, a, b, k) * indicator(
            m == b)),
        lambda net: over_pairs_mk(net, 3, lambda a, b, m, k: d_exp_p3(
            net, m, k, net.w(3, a, b))),
        what="U = exp p⁽³⁾_{m,k}",
        reading=("The OCR renders the index indicator as [Σ_{m=B}^{q} P̂⁽³⁾_{m,k}] (and later "
                 "as I_{Σ_{m=B}^q …}); read as 1{m = β}, the indicator the note's w⁽²⁾ remark "
                 "refers to (\"there is no index indicator here unlike the W⁽³⁾ "
                 "derivative\")."),
    ),
    claim(
        "000-w3-v-prime", f"{W3_STEP}: \"V' = exp{{p⁽³⁾_{{β,k}}}} I⁽³⁾_{{β,k}} p⁽²⁾_{{α,k}}\"",
        "V' = ∂(Σ_z exp p⁽³⁾_{z,k})/∂w⁽³⁾_{α,β}",
        r"V' = \exp \left\{ p_{\beta,k}^{(3)} \right\} I_{\beta,k}^{(3)} p_{\alpha,k}^{(2)}",
        lambda net: over_pairs_mk(net, 3, lambda a, b, m, k: _w3_common(net, a, b, k)),
        lambda net: over_pairs_mk(net, 3, lambda a, b, m, k: d_denominator(
            net, k, net.w(3, a, b))),
        what="V = Σ_z exp p⁽³⁾_{z,k}",
    ),
    claim(
        "000-w3-quotient", f"{W3_STEP}: \"So, ∂/∂w⁽³⁾_{{α,β}}[p̂_{{m,k}}] = (VU' − UV')/V²\"",
        "the quotient rule with the note's U' and V'",
        r"\frac{\partial}{\partial w_{\alpha, \beta}^{(3)}} [\hat{p}_{m,k}] = \frac{V U' -"
        r" U V'}{V^2}",
        lambda net: over_pairs_mk(net, 3, lambda a, b, m, k: (
            v(net, k) * _w3_common(net, a, b, k) * indicator(m == b)
            - u(net, m, k) * _w3_common(net, a, b, k)) / v(net, k) ** 2),
        lambda net: over_pairs_mk(net, 3, lambda a, b, m, k: d_phat(
            net, m, k, net.w(3, a, b))),
        what="p̂_{m,k}",
    ),
    claim(
        "000-w3-expanded", f"{W3_STEP}: \"= 1/(Σ_{{z=0}}^{{q}} exp{{p⁽³⁾_{{z,k}}}})² (…)\"",
        "the quotient written out",
        r"= \frac{1}{\left(\sum_{z=0}^9 \exp \left\{ p_{z,k}^{(3)} \right\} \right)^2} \left("
        r"\left(\sum_{z=0}^9 \exp \left\{ p_{z,k}^{(3)} \right\} \right) \exp \left\{"
        r" p_{\beta,k}^{(3)} \right\} I_{\beta,k}^{(3)} p_{\alpha,k}^{(2)} \mathbf{1}\{m ="
        r" \beta\} - \exp \left\{ p_{m,k}^{(3)} \right\} \left(\exp \left\{ p_{\beta,k}^{(3)}"
        r" \right\} I_{\beta,k}^{(3)} p_{\alpha,k}^{(2)} \right) \right)",
        lambda net: over_pairs_mk(net, 3, lambda a, b, m, k: (
            v(net, k) * sp.exp(net.p(3, b, k)) * net.I(3, b, k) * net.p(2, a, k) * indicator(m == b)
            - u(net, m, k) * (sp.exp(net.p(3, b, k)) * net.I(3, b, k) * net.p(2, a, k)))
            / v(net, k) ** 2),
        lambda net: over_pairs_mk(net, 3, lambda a, b, m, k: d_phat(
            net, m, k, net.w(3, a, b))),
        what="p̂_{m,k}",
    ),
    claim(
        "000-w3-dphat", f"{W3_STEP}: \"= p̂_{{m,k}}(1{{m = β}} I⁽³⁾_{{β,k}} p⁽²⁾_{{α,k}} − "
        "p̂_{β,k} I⁽³⁾_{β,k} p⁽²⁾_{α,k})\"",
        "∂p̂_{m,k}/∂w⁽³⁾_{α,β}",
        r"= \hat{p}_{m,k} \left(\mathbf{1}\{m = \beta\} I_{\beta,k}^{(3)} p_{\alpha,k}^{(2)} -"
        r" \hat{p}_{\beta,k} I_{\beta,k}^{(3)} p_{\alpha,k}^{(2)} \right)",
        lambda net: over_pairs_mk(net, 3, lambda a, b, m, k: net.ph(m, k) * (
            indicator(m == b) * net.I(3, b, k) * net.p(2, a, k)
            - net.ph(b, k) * net.I(3, b, k) * net.p(2, a, k))),
        lambda net: over_pairs_mk(net, 3, lambda a, b, m, k: d_phat(
            net, m, k, net.w(3, a, b))),
        what="p̂_{m,k}",
        reading="P̂⁽³⁾_{B,k} in the second term read as p̂_{β,k} (the softmax output).",
    ),
    claim(
        "000-w3-dphat-factored", f"{W3_STEP}: \"can take: (1{{m = β}} − p̂_{{β,k}}) "
        "I⁽³⁾_{β,k} p⁽²⁾_{α,k}\"",
        "∂p̂_{m,k}/∂w⁽³⁾_{α,β}, the common factor taken out",
        r"= \hat{p}_{m,k} \left(\mathbf{1}\{m = \beta\} - \hat{p}_{\beta,k} \right)"
        r" I_{\beta,k}^{(3)} p_{\alpha,k}^{(2)}",
        lambda net: over_pairs_mk(net, 3, lambda a, b, m, k: net.ph(m, k) * (
            indicator(m == b) - net.ph(b, k)) * net.I(3, b, k) * net.p(2, a, k)),
        lambda net: over_pairs_mk(net, 3, lambda a, b, m, k: d_phat(
            net, m, k, net.w(3, a, b))),
        what="p̂_{m,k}",
        reading="The note writes the bracket only; p̂_{m,k} in front is kept from the line "
                "before.",
    ),
    claim(
        "000-w3-final", f"{W3_STEP}: \"Therefore we arrive at: …\" (the result)",
        "∂C/∂w⁽³⁾_{α,β} (the result)",
        r"\frac{\partial}{\partial w_{\alpha, \beta}^{(3)}} [C(\underline{\theta})] ="
        r" \frac{-1}{K} \sum_{k=0}^{K-1} \sum_{m=0}^9 t_{m,k} \left(\mathbf{1}\{m = \beta\}"
        r" I_{\beta,k}^{(3)} p_{\alpha,k}^{(2)} \right)",
        _w3_final_as_written,
        lambda net: over_ab(net, 3, lambda a, b: dC(net, net.w(3, a, b))),
        what="C, for every weight w⁽³⁾_{α,β}", expected=FAILS,
        reading=("Transcribed as read: the bracket has the index-indicator term only. The "
                 "line before it has (1{m = β} − p̂_{β,k}) I⁽³⁾_{β,k} p⁽²⁾_{α,k}, so the "
                 "− p̂_{β,k} may have been lost by the OCR."),
        why=("The term − p̂_{β,k} I⁽³⁾_{β,k} p⁽²⁾_{α,k} (from the softmax denominator) is "
             "missing: as written the gradient never pushes the other outputs down."),
        correction=r"\frac{\partial}{\partial w_{\alpha, \beta}^{(3)}} [C(\underline{\theta})]"
                   r" = \frac{-1}{K} \sum_{k=0}^{K-1} \sum_{m=0}^9 t_{m,k} \left(\mathbf{1}\{m"
                   r" = \beta\} - \hat{p}_{\beta,k} \right) I_{\beta,k}^{(3)}"
                   r" p_{\alpha,k}^{(2)}",
        corrected=lambda net: over_ab(net, 3, lambda a, b: neg_inv_k(net) * S(
        0, net.K - 1, lambda k: S(0, net.bound(9), lambda m: net.tt(m, k) * (
            indicator(m == b) - net.ph(b, k)) * net.I(3, b, k) * net.p(2, a, k)))),
    ),
]


# =============================================================================================
# ∂C/∂w⁽²⁾_{α,β}
# =============================================================================================

W2_STEP = "② W⁽²⁾_{α,β} (\"Still Guangzhou → London\")"


def _w2_u_prime(net: Instance, a: int, b: int, m: int, k: int) -> sp.Expr:
    """exp{p⁽³⁾_{m,k}} I⁽³⁾_{m,k} w⁽³⁾_{β,m} I⁽²⁾_{β,k} p⁽¹⁾_{α,k}."""
    return (u(net, m, k) * net.I(3, m, k) * net.w(3, b, m) * net.I(2, b, k)
            * net.p(1, a, k))


def _w2_v_prime(net: Instance, a: int, b: int, k: int) -> sp.Expr:
    """Σ_z exp{p⁽³⁾_{z,k}} I⁽³⁾_{z,k} w⁽³⁾_{β,z} I⁽²⁾_{β,k} p⁽¹⁾_{α,k} (1{i = β} read as 1)."""
    return S(0, net.bound(9), lambda z: sp.exp(net.p(3, z, k)) * net.I(3, z, k)
             * net.w(3, b, z) * net.I(2, b, k) * net.p(1, a, k))


def _w2_bracket(net: Instance, b: int, m: int, k: int) -> sp.Expr:
    """I⁽³⁾_{m,k} w⁽³⁾_{β,m} − Σ_z p̂_{z,k} I⁽³⁾_{z,k} w⁽³⁾_{β,z}."""
    return net.I(3, m, k) * net.w(3, b, m) - S(
        0, net.bound(9), lambda z: net.ph(z, k) * net.I(3, z, k) * net.w(3, b, z))


W2 = [
    claim(
        "000-w2-exp-bracket", f"{W2_STEP}: \"Start with ∂/∂W⁽²⁾_{{α,β}}[exp{{p⁽³⁾_{{m,k}}}}] = "
        "exp{p⁽³⁾_{m,k}} I_{m,k} ∂/∂W⁽²⁾_{α,β}[b⁽³⁾ + Σ …]\"",
        "∂/∂w⁽²⁾ exp p⁽³⁾ = exp p⁽³⁾ I⁽³⁾ ∂Σ⁽³⁾_{m,k}/∂w⁽²⁾_{α,β}",
        r"\frac{\partial}{\partial w_{\alpha, \beta}^{(2)}} [\exp \{ p_{m,k}^{(3)} \}] ="
        r" \exp \{ p_{m,k}^{(3)} \} I_{m,k} \frac{\partial}{\partial w_{\alpha, \beta}^{(2)}}"
        r" \left[b^{(3)} + \sum_{i=0}^{63} w_{i,m}^{(3)} p_{i,k}^{(2)} \right]",
        lambda net: over_pairs_mk(net, 2, lambda a, b, m, k: u(net, m, k) * net.I(3, m, k)
                                  * d(net.b(3) + S(0, net.bound(63), lambda i: net.w(3, i, m)
                                                   * net.p(2, i, k)), net.w(2, a, b))),
        lambda net: over_pairs_mk(net, 2, lambda a, b, m, k: d_exp_p3(
            net, m, k, net.w(2, a, b))),
        what="exp p⁽³⁾_{m,k}",
        reading="I_{m,k} without superscript read as I⁽³⁾_{m,k}.",
    ),
    claim(
        "000-w2-bracket-sum", f"{W2_STEP}: \"= Σ_{{i=0}}^{{63}} w⁽³⁾_{{i,m}} "
        "∂/∂W⁽²⁾_{α,β}[p⁽²⁾_{i,k}]\"",
        "the bracket's derivative: Σ_i w⁽³⁾_{i,m} ∂p⁽²⁾_{i,k}/∂w⁽²⁾_{α,β}",
        r"\frac{\partial}{\partial w_{\alpha, \beta}^{(2)}} \left[b^{(3)} + \sum_{i=0}^{63}"
        r" w_{i,m}^{(3)} p_{i,k}^{(2)} \right] = \sum_{i=0}^{63} w_{i,m}^{(3)}"
        r" \frac{\partial}{\partial w_{\alpha, \beta}^{(2)}} [p_{i,k}^{(2)}]",
        lambda net: over_pairs_mk(net, 2, lambda a, b, m, k: S(
            0, net.bound(63), lambda i: net.w(3, i, m) * d(net.p(2, i, k), net.w(2, a, b)))),
        lambda net: over_pairs_mk(net, 2, lambda a, b, m, k: d(net.sig(3, m, k),
                                                               net.w(2, a, b))),
        what="the bracket Σ⁽³⁾_{m,k}",
        reading=("The line is written under the underbraced derivative of the bracket; read "
                 "as that derivative (the factor exp{p⁽³⁾} I⁽³⁾ in front is dropped in it)."),
    ),
    claim(
        "000-w2-p2-chain", f"{W2_STEP}: \"Now, ∂/∂W⁽²⁾_{{α,β}}[p⁽²⁾_{{i,k}}] = I⁽²⁾_{{i,k}} "
        "∂/∂W⁽²⁾_{α,β}[b⁽²⁾ + Σ_{j=0}^{127} w⁽²⁾_{j,i} p⁽¹⁾_{j,k}]\"",
        "∂p⁽²⁾_{i,k}/∂w⁽²⁾_{α,β} by the chain rule",
        r"\frac{\partial}{\partial w_{\alpha, \beta}^{(2)}} [p_{i,k}^{(2)}] = I_{i,k}^{(2)}"
        r" \frac{\partial}{\partial w_{\alpha, \beta}^{(2)}} \Big[b^{(2)} + \sum_{j=0}^{127}"
        r" w_{j,i}^{(2)} p_{j,k}^{(1)}\Big]",
        lambda net: over_pairs_nk(net, 2, 2, lambda a, b, i, k: net.I(2, i, k) * d(
            net.b(2) + S(0, net.bound(127), lambda j: net.w(2, j, i) * net.p(1, j, k)),
            net.w(2, a, b))),
        lambda net: over_pairs_nk(net, 2, 2, lambda a, b, i, k: d(net.p(2, i, k),
                                                                  net.w(2, a, b))),
        what="p⁽²⁾_{i,k}",
        reading=("The weight in the sum reads w⁽²⁾_{0,i}; the sum runs over j, so the 0 is read "
                 "as an OCR misreading of j (a guess: with a literal 0 the sum would not "
                 "depend on j's weights)."),
    ),
    claim(
        "000-w2-p2-indicator", f"{W2_STEP}: \"= I⁽²⁾_{{i,k}} ∏{{i = β}} p⁽¹⁾_{{α,k}}\"",
        "∂p⁽²⁾_{i,k}/∂w⁽²⁾_{α,β} = I⁽²⁾_{i,k} 1{i = β} p⁽¹⁾_{α,k}",
        r"= I_{i,k}^{(2)} \mathbf{1}\{i = \beta\} p_{\alpha,k}^{(1)}",
        lambda net: over_pairs_nk(net, 2, 2, lambda a, b, i, k: net.I(2, i, k) * indicator(i == b)
                                  * net.p(1, a, k)),
        lambda net: over_pairs_nk(net, 2, 2, lambda a, b, i, k: d(net.p(2, i, k),
                                                                  net.w(2, a, b))),
        what="p⁽²⁾_{i,k}",
        reading="∏_{i = B_3^2} in the OCR read as the index indicator 1{i = β}.",
    ),
    claim(
        "000-w2-p2-at-beta", f"{W2_STEP}: \"(= I⁽²⁾_{{β,k}} ∏{{i = β}} p⁽¹⁾_{{α,k}})\"",
        "… = I⁽²⁾_{β,k} 1{i = β} p⁽¹⁾_{α,k}",
        r"\left(= I_{\beta,k}^{(2)} \mathbf{1}\{i = \beta\} p_{\alpha,k}^{(1)}\right)",
        lambda net: over_pairs_nk(net, 2, 2, lambda a, b, i, k: net.I(2, b, k) * indicator(i == b)
                                  * net.p(1, a, k)),
        lambda net: over_pairs_nk(net, 2, 2, lambda a, b, i, k: d(net.p(2, i, k),
                                                                  net.w(2, a, b))),
        what="p⁽²⁾_{i,k}",
    ),
    claim(
        "000-w2-u-prime-sum", f"{W2_STEP}: \"⇒ ∂/∂W⁽²⁾_{{α,β}}[exp{{p⁽³⁾_{{m,k}}}}] = "
        "exp{p⁽³⁾_{m,k}} I_{m,k} Σ_{i=0}^{63} w⁽³⁾_{i,m} I⁽²⁾_{β,k} ∏{i = β} p⁽¹⁾_{α,k}\"",
        "U' = ∂ exp p⁽³⁾_{m,k}/∂w⁽²⁾_{α,β} with the sum over i",
        r"\frac{\partial}{\partial w_{\alpha, \beta}^{(2)}} [\exp \{ p_{m,k}^{(3)} \}] ="
        r" \exp \{ p_{m,k}^{(3)} \} I_{m,k} \sum_{i=0}^{63} w_{i,m}^{(3)} I_{\beta,k}^{(2)}"
        r" \mathbf{1}\{i = \beta\} p_{\alpha,k}^{(1)}",
        lambda net: over_pairs_mk(net, 2, lambda a, b, m, k: u(net, m, k) * net.I(3, m, k) * S(
            0, net.bound(63), lambda i: net.w(3, i, m) * net.I(2, b, k) * indicator(i == b)
            * net.p(1, a, k))),
        lambda net: over_pairs_mk(net, 2, lambda a, b, m, k: d_exp_p3(
            net, m, k, net.w(2, a, b))),
        what="exp p⁽³⁾_{m,k}",
    ),
    claim(
        "000-w2-u-prime", f"{W2_STEP}: \"= exp{{p⁽³⁾_{{m,k}}}} I_{{m,k}} w_{{β,m}} I_{{β,k}} "
        "p_{α,k}\"",
        "U' with the sum over i done",
        r"= \exp \{ p_{m,k}^{(3)} \} I_{m,k} w_{\beta,m} I_{\beta,k} p_{\alpha,k}",
        lambda net: over_pairs_mk(net, 2, lambda a, b, m, k: _w2_u_prime(net, a, b, m, k)),
        lambda net: over_pairs_mk(net, 2, lambda a, b, m, k: d_exp_p3(
            net, m, k, net.w(2, a, b))),
        what="exp p⁽³⁾_{m,k}",
        reading=("Superscripts are missing in this line; read as I⁽³⁾_{m,k} w⁽³⁾_{β,m} "
                 "I⁽²⁾_{β,k} p⁽¹⁾_{α,k} (the line above)."),
    ),
    claim(
        "000-w2-v-prime", f"{W2_STEP}: \"V' = Σ_{{z=0}}^{{9}} exp{{p⁽³⁾_{{z,k}}}} I⁽³⁾_{{z,k}} "
        "w_{β,z} I⁽²⁾_{β,k} ∏{i = β} p⁽¹⁾_{α,k}\"",
        "V' = ∂(Σ_z exp p⁽³⁾_{z,k})/∂w⁽²⁾_{α,β}",
        r"V' = \sum_{z=0}^9 \exp \{ p_{z,k}^{(3)} \} I_{z,k}^{(3)} w_{\beta,z}"
        r" I_{\beta,k}^{(2)} \mathbf{1}\{i = \beta\} p_{\alpha,k}^{(1)}",
        lambda net: over_pairs_mk(net, 2, lambda a, b, m, k: _w2_v_prime(net, a, b, k)),
        lambda net: over_pairs_mk(net, 2, lambda a, b, m, k: d_denominator(
            net, k, net.w(2, a, b))),
        what="V = Σ_z exp p⁽³⁾_{z,k}",
        reading=("The index indicator 1{i = β} is left over from the line with the sum over "
                 "i, where i = β was picked out; with no i left it is read as 1 (here and in "
                 "the written-out quotient)."),
    ),
    claim(
        "000-w2-quotient", f"{W2_STEP}: \"∂/∂W⁽²⁾_{{α,β}}[p̂_{{m,k}}] = (vU' − uV')/√2\"",
        "the quotient rule with the note's U' and V'",
        r"\frac{\partial}{\partial w_{\alpha, \beta}^{(2)}} [\hat{p}_{m,k}] = \frac{vU' -"
        r" uV'}{v^2}",
        lambda net: over_pairs_mk(net, 2, lambda a, b, m, k: (
            v(net, k) * _w2_u_prime(net, a, b, m, k) - u(net, m, k) * _w2_v_prime(
                net, a, b, k)) / v(net, k) ** 2),
        lambda net: over_pairs_mk(net, 2, lambda a, b, m, k: d_phat(
            net, m, k, net.w(2, a, b))),
        what="p̂_{m,k}",
        reading="√2 in the OCR read as v² (a known OCR confusion of these notes).",
    ),
    claim(
        "000-w2-expanded", f"{W2_STEP}: \"= 1/(Σ_{{z=0}}^{{9}} exp{{p⁽³⁾_{{z,k}}}})² (…)\"",
        "the quotient written out",
        r"= \frac{1}{(\sum_{z=0}^9 \exp \{ p_{z,k}^{(3)} \})^2} \Big( \left(\sum_{z=0}^9"
        r" \exp \{ p_{z,k}^{(3)} \} \right) \exp \{ p_{m,k}^{(3)} \} I_{m,k}^{(3)} w_{\beta,m}"
        r" I_{\beta,k}^{(2)} \mathbf{1}\{i = \beta\} p_{\alpha,k}^{(1)} - \exp \{ p_{m,k}^{(3)}"
        r" \} \sum_{z=0}^9 \exp \{ p_{z,k}^{(3)} \} I_{z,k}^{(3)} w_{\beta,z} I_{\beta,k}^{(2)}"
        r" \mathbf{1}\{i = \beta\} p_{\alpha,k}^{(1)} \Big)",
        lambda net: over_pairs_mk(net, 2, lambda a, b, m, k: (
            v(net, k) * u(net, m, k) * net.I(3, m, k) * net.w(3, b, m) * net.I(2, b, k)
            * net.p(1, a, k)
            - u(net, m, k) * S(0, net.bound(9), lambda z: sp.exp(net.p(3, z, k))
                               * net.I(3, z, k) * net.w(3, b, z) * net.I(2, b, k)
                               * net.p(1, a, k))) / v(net, k) ** 2),
        lambda net: over_pairs_mk(net, 2, lambda a, b, m, k: d_phat(
            net, m, k, net.w(2, a, b))),
        what="p̂_{m,k}",
        reading="The leftover 1{i = β} is read as 1 (see V′).",
    ),
    claim(
        "000-w2-dphat", f"{W2_STEP}: \"= p̂_{{m,k}}(I⁽³⁾_{{m,k}} W⁽³⁾_{{β,m}} I⁽²⁾_{{β,k}} "
        "p⁽¹⁾_{α,k} − …)\"",
        "∂p̂_{m,k}/∂w⁽²⁾_{α,β}",
        r"= \hat{p}_{m,k} \left(I_{m,k}^{(3)} w_{\beta,m}^{(3)} I_{\beta,k}^{(2)}"
        r" p_{\alpha,k}^{(1)} - \sum_{z=0}^9 \hat{p}_{z,k} w_{\beta,z}^{(3)} I_{z,k}^{(3)}"
        r" I_{\beta,k}^{(2)} p_{\alpha,k}^{(1)} \right)",
        lambda net: over_pairs_mk(net, 2, lambda a, b, m, k: net.ph(m, k) * (
            net.I(3, m, k) * net.w(3, b, m) * net.I(2, b, k) * net.p(1, a, k)
            - S(0, net.bound(9), lambda z: net.ph(z, k) * net.w(3, b, z) * net.I(3, z, k)
                * net.I(2, b, k) * net.p(1, a, k)))),
        lambda net: over_pairs_mk(net, 2, lambda a, b, m, k: d_phat(
            net, m, k, net.w(2, a, b))),
        what="p̂_{m,k}",
        reading="P_{d,k} read as p_{α,k}.",
    ),
    claim(
        "000-w2-final", f"{W2_STEP}: \"⇒ ∂/∂W⁽²⁾_{{α,β}}[C(θ)] = …\" (the result)",
        "∂C/∂w⁽²⁾_{α,β} (the result)",
        r"\frac{\partial}{\partial w_{\alpha,\beta}^{(2)}} [C(\underline{\theta})] ="
        r" \frac{-1}{K} \sum_{k=0}^{K-1} \sum_{m=0}^9 t_{m,k} I_{\beta,k}^{(2)}"
        r" p_{\alpha,k}^{(1)} \left(I_{m,k}^{(3)} w_{\beta,m}^{(3)} - \sum_{z=0}^9"
        r" \hat{p}_{z,k} I_{z,k}^{(3)} w_{\beta,z}^{(3)} \right)",
        lambda net: over_ab(net, 2, lambda a, b: -sp.Rational(1, net.K) * S(
            0, net.K - 1, lambda k: S(0, net.bound(9), lambda m: net.tt(m, k) * net.I(2, b, k)
                                      * net.p(1, a, k) * _w2_bracket(net, b, m, k)))),
        lambda net: over_ab(net, 2, lambda a, b: dC(net, net.w(2, a, b))),
        what="C, for every weight w⁽²⁾_{α,β}",
        reading=("The OCR reads 't⁽²⁾_{m,k} I⁽¹⁾_{β,k}': read as t_{m,k} I⁽²⁾_{β,k} p⁽¹⁾_{α,k}, "
                 "the superscripts displaced one factor to the left and p⁽¹⁾_{α,k} (in the "
                 "line before) lost. This is a guess; the same displacement in the w⁽¹⁾ "
                 "result gives I⁽⁰⁾, which does not exist, so a literal reading is not "
                 "possible there."),
    ),
]


# =============================================================================================
# ∂C/∂w⁽¹⁾_{α,β}
# =============================================================================================

W1_STEP = "② W⁽¹⁾_{α,β}"


def _w1_path(net: Instance, a: int, b: int, z: int, k: int) -> sp.Expr:
    """Σ_{i=0}^{63} w⁽³⁾_{i,z} I⁽²⁾_{i,k} w⁽²⁾_{β,i} I⁽¹⁾_{β,k} p⁽⁰⁾_{α,k}."""
    return S(0, net.bound(63), lambda i: net.w(3, i, z) * net.I(2, i, k) * net.w(2, b, i)
             * net.I(1, b, k) * net.x[a, k])


def w1_inner(net: Instance, b: int, z: int, k: int) -> sp.Expr:
    """Σ_{i=0}^{63} w⁽³⁾_{i,z} I⁽²⁾_{i,k} w⁽²⁾_{β,i}."""
    return S(0, net.bound(63), lambda i: net.w(3, i, z) * net.I(2, i, k) * net.w(2, b, i))


W1 = [
    claim(
        "000-w1-exp-sum", f"{W1_STEP}: \"Start with ∂/∂W⁽¹⁾_{{α,β}}[exp{{p⁽³⁾_{{m,k}}}}] = "
        "… = exp{p⁽³⁾_{m,k}} I⁽³⁾_{m,k} Σ_{i=0}^{63} W_{i,m} ∂/∂W⁽¹⁾_{α,β}[P_{i,k}]\"",
        "∂/∂w⁽¹⁾ exp p⁽³⁾ = exp p⁽³⁾ I⁽³⁾ Σ_i w⁽³⁾_{i,m} ∂p⁽²⁾_{i,k}/∂w⁽¹⁾",
        r"\frac{\partial}{\partial w_{\alpha,\beta}^{(1)}} [\exp \{ p_{m,k}^{(3)} \}] ="
        r" \exp \{ p_{m,k}^{(3)} \} I_{m,k}^{(3)} \sum_{i=0}^{63} w_{i,m}"
        r" \frac{\partial}{\partial w_{\alpha,\beta}^{(1)}} [p_{i,k}]",
        lambda net: over_pairs_mk(net, 1, lambda a, b, m, k: u(net, m, k) * net.I(3, m, k) * S(
            0, net.bound(63), lambda i: net.w(3, i, m) * d(net.p(2, i, k), net.w(1, a, b)))),
        lambda net: over_pairs_mk(net, 1, lambda a, b, m, k: d_exp_p3(
            net, m, k, net.w(1, a, b))),
        what="exp p⁽³⁾_{m,k}",
        reading=("The OCR's exp{Ŝ⁽³⁾ P̂_{m,k}} read as exp{p⁽³⁾_{m,k}}; W_{i,m} without "
                 "superscript read as w⁽³⁾_{i,m} and P_{i,k} as p⁽²⁾_{i,k}."),
    ),
    claim(
        "000-w1-p2-chain", f"{W1_STEP}: \"Now ∂/∂W⁽¹⁾_{{α,β}}[P_{{i,k}}] = I⁽²⁾_{{i,k}} "
        "∂/∂W⁽¹⁾_{α,β}[b⁽²⁾ + Σ_{j=0}^{127} W_{j,i} P⁽¹⁾_{j,k}]\"",
        "∂p⁽²⁾_{i,k}/∂w⁽¹⁾_{α,β} by the chain rule",
        r"\frac{\partial}{\partial w_{\alpha,\beta}^{(1)}} [p_{i,k}] = I_{i,k}^{(2)}"
        r" \frac{\partial}{\partial w_{\alpha,\beta}^{(1)}} \Big[b^{(2)} + \sum_{j=0}^{127}"
        r" w_{j,i} p_{j,k}^{(1)}\Big]",
        lambda net: over_pairs_nk(net, 1, 2, lambda a, b, i, k: net.I(2, i, k) * d(
            net.b(2) + S(0, net.bound(127), lambda j: net.w(2, j, i) * net.p(1, j, k)),
            net.w(1, a, b))),
        lambda net: over_pairs_nk(net, 1, 2, lambda a, b, i, k: d(net.p(2, i, k),
                                                                  net.w(1, a, b))),
        what="p⁽²⁾_{i,k}",
        reading=("The OCR closes the bracket after b⁽²⁾ ('∂/∂W[b⁽²⁾] + Σ …'); read as one "
                 "bracket around the ReLU's input Σ⁽²⁾_{i,k}, as the next line differentiates "
                 "the sum. W_{j,i} read as w⁽²⁾_{j,i}, P_{i,k} as p⁽²⁾_{i,k}."),
    ),
    claim(
        "000-w1-p2-sum", f"{W1_STEP}: \"= I⁽²⁾_{{i,k}} Σ_{{j=0}}^{{127}} W_{{j,i}} "
        "∂/∂W⁽¹⁾_{α,β}[P⁽¹⁾_{j,k}]\"",
        "… = I⁽²⁾_{i,k} Σ_j w⁽²⁾_{j,i} ∂p⁽¹⁾_{j,k}/∂w⁽¹⁾_{α,β}",
        r"= I_{i,k}^{(2)} \sum_{j=0}^{127} w_{j,i} \frac{\partial}{\partial"
        r" w_{\alpha,\beta}^{(1)}} [p_{j,k}^{(1)}]",
        lambda net: over_pairs_nk(net, 1, 2, lambda a, b, i, k: net.I(2, i, k) * S(
            0, net.bound(127), lambda j: net.w(2, j, i) * d(net.p(1, j, k), net.w(1, a, b)))),
        lambda net: over_pairs_nk(net, 1, 2, lambda a, b, i, k: d(net.p(2, i, k),
                                                                  net.w(1, a, b))),
        what="p⁽²⁾_{i,k}",
    ),
    claim(
        "000-w1-p2-p1", f"{W1_STEP}: \"= I⁽²⁾_{{i,k}} Σ_{{j=0}}^{{127}} W_{{j,i}} I⁽¹⁾_{{j,k}} "
        "∂/∂W⁽¹⁾_{α,β}[b⁽¹⁾ + Σ_{n=0}^{783} W_{n,j} P⁽⁰⁾_{n,k}]\"",
        "… through f'(Σ⁽¹⁾_{j,k}) = I⁽¹⁾_{j,k}",
        r"= I_{i,k}^{(2)} \sum_{j=0}^{127} w_{j,i} I_{j,k}^{(1)} \frac{\partial}{\partial"
        r" w_{\alpha,\beta}^{(1)}} \Big[b^{(1)} + \sum_{n=0}^{783} w_{n,j} p_{n,k}^{(0)}\Big]",
        lambda net: over_pairs_nk(net, 1, 2, lambda a, b, i, k: net.I(2, i, k) * S(
            0, net.bound(127), lambda j: net.w(2, j, i) * net.I(1, j, k) * d(
                net.b(1) + S(0, net.bound(783), lambda n: net.w(1, n, j) * net.x[n, k]),
                net.w(1, a, b)))),
        lambda net: over_pairs_nk(net, 1, 2, lambda a, b, i, k: d(net.p(2, i, k),
                                                                  net.w(1, a, b))),
        what="p⁽²⁾_{i,k}",
        reading="W_{n,j} read as w⁽¹⁾_{n,j}.",
    ),
    claim(
        "000-w1-p2-indicator", f"{W1_STEP}: \"= I⁽²⁾_{{i,k}} Σ_{{j=0}}^{{127}} W_{{j,i}} "
        "I⁽¹⁾_{j,k} ∏{j = β} P⁽⁰⁾_{α,k}\"",
        "… = I⁽²⁾_{i,k} Σ_j w⁽²⁾_{j,i} I⁽¹⁾_{j,k} 1{j = β} p⁽⁰⁾_{α,k}",
        r"= I_{i,k}^{(2)} \sum_{j=0}^{127} w_{j,i} I_{j,k}^{(1)} \mathbf{1}\{j = \beta\}"
        r" p_{\alpha,k}^{(0)}",
        lambda net: over_pairs_nk(net, 1, 2, lambda a, b, i, k: net.I(2, i, k) * S(
            0, net.bound(127), lambda j: net.w(2, j, i) * net.I(1, j, k) * indicator(j == b)
            * net.x[a, k])),
        lambda net: over_pairs_nk(net, 1, 2, lambda a, b, i, k: d(net.p(2, i, k),
                                                                  net.w(1, a, b))),
        what="p⁽²⁾_{i,k}",
        reading="The OCR's Σ_{j=β} (underbraced 'since j = β') read as 1{j = β}.",
    ),
    claim(
        "000-w1-p2-at-beta", f"{W1_STEP}: \"= I⁽²⁾_{{i,k}} W_{{β,i}} I⁽¹⁾_{{β,k}} "
        "P⁽⁰⁾_{α,k} (since summing over j zeroes all except j = β)\"",
        "∂p⁽²⁾_{i,k}/∂w⁽¹⁾_{α,β} = I⁽²⁾_{i,k} w⁽²⁾_{β,i} I⁽¹⁾_{β,k} p⁽⁰⁾_{α,k}",
        r"= I_{i,k}^{(2)} w_{\beta,i} I_{\beta,k}^{(1)} p_{\alpha,k}^{(0)}",
        lambda net: over_pairs_nk(net, 1, 2, lambda a, b, i, k: net.I(2, i, k)
                                  * net.w(2, b, i) * net.I(1, b, k) * net.x[a, k]),
        lambda net: over_pairs_nk(net, 1, 2, lambda a, b, i, k: d(net.p(2, i, k),
                                                                  net.w(1, a, b))),
        what="p⁽²⁾_{i,k}",
    ),
    claim(
        "000-w1-u-prime", f"{W1_STEP}: \"So, subbing back in: ∂/∂W⁽¹⁾_{{α,β}}"
        "[exp{p⁽³⁾_{m,k}}] = …\"",
        "u' = ∂ exp p⁽³⁾_{m,k}/∂w⁽¹⁾_{α,β}",
        r"\frac{\partial}{\partial w_{\alpha,\beta}^{(1)}} [\exp \{ p_{m,k}^{(3)} \}] ="
        r" \exp \{ p_{m,k}^{(3)} \} I_{m,k}^{(3)} \sum_{i=0}^{63} w_{i,m} I_{i,k}^{(2)}"
        r" w_{\beta,i} I_{\beta,k}^{(1)} p_{\alpha,k}^{(0)}",
        lambda net: over_pairs_mk(net, 1, lambda a, b, m, k: u(net, m, k) * net.I(3, m, k)
                                  * _w1_path(net, a, b, m, k)),
        lambda net: over_pairs_mk(net, 1, lambda a, b, m, k: d_exp_p3(
            net, m, k, net.w(1, a, b))),
        what="exp p⁽³⁾_{m,k}",
        reading="w_{i,m} read as w⁽³⁾_{i,m}, w_{β,i} as w⁽²⁾_{β,i}.",
    ),
    claim(
        "000-w1-v-prime", f"{W1_STEP}: \"(QUOTIENT RULE) … v' = Σ_{{z=0}}^{{q}} "
        "exp{p⁽³⁾_{z,k}} Σ_{i=0}^{63} W_{i,z} I⁽²⁾_{i,k} W_{β,i} I⁽¹⁾_{β,k} P⁽⁰⁾_{α,k}\"",
        "v' = ∂(Σ_z exp p⁽³⁾_{z,k})/∂w⁽¹⁾_{α,β}",
        r"v' = \sum_{z=0}^9 \exp \{ p_{z,k}^{(3)} \} \sum_{i=0}^{63} w_{i,z} I_{i,k}^{(2)}"
        r" w_{\beta,i} I_{\beta,k}^{(1)} p_{\alpha,k}^{(0)}",
        lambda net: over_pairs_mk(net, 1, lambda a, b, m, k: S(
            0, net.bound(9), lambda z: sp.exp(net.p(3, z, k)) * _w1_path(net, a, b, z, k))),
        lambda net: over_pairs_mk(net, 1, lambda a, b, m, k: d_denominator(
            net, k, net.w(1, a, b))),
        what="v = Σ_z exp p⁽³⁾_{z,k}", expected=FAILS,
        reading=("Transcribed as read: no I⁽³⁾_{z,k}. The next line (the quotient) has it, so "
                 "the OCR may have lost it here."),
        why="The ReLU indicator of the output layer, I⁽³⁾_{z,k}, is missing in each term.",
        correction=r"v' = \sum_{z=0}^9 \exp \{ p_{z,k}^{(3)} \} I_{z,k}^{(3)} \sum_{i=0}^{63}"
                   r" w_{i,z} I_{i,k}^{(2)} w_{\beta,i} I_{\beta,k}^{(1)} p_{\alpha,k}^{(0)}",
        corrected=lambda net: over_pairs_mk(net, 1, lambda a, b, m, k: S(
        0, net.bound(9), lambda z: sp.exp(net.p(3, z, k)) * net.I(3, z, k)
        * _w1_path(net, a, b, z, k))),
    ),
    claim(
        "000-w1-dphat", f"{W1_STEP}: \"∂/∂W⁽¹⁾_{{α,β}}[p̂_{{m,k}}] = (vu' − uv')/v² = "
        "p̂_{m,k}(…)\"",
        "∂p̂_{m,k}/∂w⁽¹⁾_{α,β}",
        r"\frac{\partial}{\partial w_{\alpha,\beta}^{(1)}} [\hat{p}_{m,k}] = \hat{p}_{m,k}"
        r" \left(I_{m,k}^{(3)} \sum_{i=0}^{63} w_{i,m} I_{i,k}^{(2)} w_{\beta,i}"
        r" I_{\beta,k}^{(1)} p_{\alpha,k}^{(0)} - \sum_{z=0}^9 \hat{p}_{z,k} I_{z,k}^{(3)}"
        r" \sum_{i=0}^{63} w_{i,z} I_{i,k}^{(2)} w_{\beta,i} I_{\beta,k}^{(1)}"
        r" p_{\alpha,k}^{(0)} \right)",
        lambda net: over_pairs_mk(net, 1, lambda a, b, m, k: net.ph(m, k) * (
            net.I(3, m, k) * _w1_path(net, a, b, m, k) - S(
                0, net.bound(9), lambda z: net.ph(z, k) * net.I(3, z, k)
                * _w1_path(net, a, b, z, k)))),
        lambda net: over_pairs_mk(net, 1, lambda a, b, m, k: d_phat(
            net, m, k, net.w(1, a, b))),
        what="p̂_{m,k}",
        reading=("The line reads ∂p̂/∂w = (vu' − uv')/v² = p̂(…); the last expression is "
                 "checked (it holds, so the middle one does with the corrected v′)."),
    ),
    claim(
        "000-w1-final", f"{W1_STEP}: \"⇒ ∂/∂W⁽¹⁾_{{α,β}}[C(θ)] = …\" (the result)",
        "∂C/∂w⁽¹⁾_{α,β} (the result)",
        r"\frac{\partial}{\partial w_{\alpha,\beta}^{(1)}} [C(\underline{\theta})] ="
        r" \frac{-1}{K} \sum_{k=0}^{K-1} \sum_{m=0}^9 t_{m,k} I_{\beta,k}^{(1)}"
        r" p_{\alpha,k}^{(0)} \left(I_{m,k}^{(3)} \sum_{i=0}^{63} w_{i,m} I_{i,k}^{(2)}"
        r" w_{\beta,i}^{(2)} - \sum_{z=0}^9 \hat{p}_{z,k} I_{z,k}^{(3)} \sum_{i=0}^{63}"
        r" w_{i,z} I_{i,k}^{(2)} w_{\beta,i}^{(2)} \right)",
        lambda net: over_ab(net, 1, lambda a, b: -sp.Rational(1, net.K) * S(
            0, net.K - 1, lambda k: S(0, net.bound(9), lambda m: net.tt(m, k) * net.I(1, b, k)
                                      * net.x[a, k] * (net.I(3, m, k) * w1_inner(net, b, m, k)
                                                       - S(0, net.bound(9), lambda z: net.ph(
                                                           z, k) * net.I(3, z, k)
                                                           * w1_inner(net, b, z, k)))))),
        lambda net: over_ab(net, 1, lambda a, b: dC(net, net.w(1, a, b))),
        what="C, for every weight w⁽¹⁾_{α,β}", options=FAST | {"points": 4},
        reading=("The OCR reads 't⁽¹⁾_{m,k} I⁽⁰⁾_{β,k}', and I⁽⁰⁾ does not exist (the input "
                 "layer has no ReLU): read as t_{m,k} I⁽¹⁾_{β,k} p⁽⁰⁾_{α,k}, superscripts "
                 "displaced one factor to the left and p⁽⁰⁾_{α,k} (in the line before) lost. "
                 "This is a guess."),
    ),
]

CLAIMS = ZERO + MODEL + B3 + B2 + B1 + W3 + W2 + W1
"""Every claim of note 000, in the note's order (part ① first)."""


# =============================================================================================
# The book's gradients of the 0-hidden-layer network
# =============================================================================================


def zero_hidden_gradient_checks() -> dict[str, object]:
    """The book's ∂C/∂b⁽¹⁾ and ∂C/∂w⁽¹⁾_{α,β} of the 0-hidden-layer network (the note's
    corrected b⁽³⁾ and w⁽³⁾ results with the output layer renamed; the 0-hidden sheet itself
    is not in the transcription), compared exactly with sympy.diff of C on the 4 → 3 instance:

        ∂C/∂b⁽¹⁾ = −(1/K) Σ_k Σ_m t_{m,k} (I_{m,k} − Σ_z p̂_{z,k} I_{z,k}),
        ∂C/∂w⁽¹⁾_{α,β} = −(1/K) Σ_k Σ_m t_{m,k} (1{m = β} − p̂_{β,k}) I_{β,k} p⁽⁰⁾_{α,k}.

    Returns the two `Comparison`s by name.
    """
    from backprop.claims import compare_any

    net = zero_hidden()
    db = neg_inv_k(net) * S(0, net.K - 1, lambda k: S(
        0, net.bound(9), lambda m: net.tt(m, k) * output_bracket(net, 1, m, k)))
    dw = over_ab(net, 1, lambda a, b: neg_inv_k(net) * S(0, net.K - 1, lambda k: S(
        0, net.bound(9), lambda m: net.tt(m, k) * (indicator(m == b) - net.ph(b, k))
        * net.I(1, b, k) * net.x[a, k])))
    options = {"points": 6, "try_simplify": False, "try_expand": False}
    return {
        "∂C/∂b⁽¹⁾": compare_any(db, dC(net, net.b(1)), **options),
        "∂C/∂w⁽¹⁾_{α,β}": compare_any(
            dw, over_ab(net, 1, lambda a, b: dC(net, net.w(1, a, b))), **options),
    }
