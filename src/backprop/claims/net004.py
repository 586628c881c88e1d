"""Note 004's instances in SymPy: the functions of its appendix and propositions, the last layer
with the sigmoid, and the 2-3-3-2 network with σ undefined.

`backprop.claims.note004`'s docstring describes them; SymPy's own derivatives of the 3-layer
cost, which its references use, are `deep_reference`.
"""

from __future__ import annotations

from functools import cache

import sympy as sp

from backprop.claims import Instance
from backprop.dnotation import D_matrix, at, d
from backprop.sympy_kit import hadamard, sigmoid, symbol_matrix, symbol_vector

T = sp.Symbol("t", real=True)


def funcs(name: str, n: int, args_of) -> sp.Matrix:
    """A column of undefined functions name_i applied to ``args_of(i)`` (0-based i)."""
    return sp.Matrix([sp.Function(f"{name}_{{{i + 1}}}")(*args_of(i)) for i in range(n)])


def derivative_at(g, point: sp.Expr) -> sp.Expr:
    """g'(point): the derivative of the one-variable function g, evaluated at ``point``."""
    return sp.diff(g(T), T).subs(T, point)


@cache
def appendix() -> Instance:
    """Appendix A: f of x (3), x of u (2), a vector F (2 outputs) of x, f of a 2 × 3 matrix."""
    u, x, s = symbol_vector("u", 2, first=1), symbol_vector("x", 3, first=1), sp.Symbol("x")
    xs = funcs("x", 3, lambda i: tuple(u))
    fx = sp.Function("f")(*x)
    fs_scalar = funcs("f", 3, lambda i: (s,))
    a = symbol_matrix("a", 2, 3, first=1, sep="")
    f_a = sp.Function("f")(*a)
    fvec = funcs("f", 2, lambda i: tuple(x))
    return Instance(u=u, x=x, s=s, xs=xs, fx=fx, fs_scalar=fs_scalar, a=a, f_a=f_a,
                           fvec=fvec, composite=fvec.subs(dict(zip(x, xs, strict=True))))


@cache
def prop1() -> Instance:
    """Proposition 1: f(x_1, x_2, x_3) with x_j = x_j(u_1, u_2), all undefined."""
    u, xi = symbol_vector("u", 2, first=1), symbol_vector("X", 3, first=1)
    xs = funcs("x", 3, lambda j: tuple(u))
    f = sp.Function("f")
    dxf = at(d(f(*xi), xi), xi, xs)
    return Instance(u=u, xs=xs, dxf=dxf, F=f(*xs))


@cache
def prop2() -> Instance:
    """Proposition 2: f(x_1, x_2, x_3) with x_i = x_i(u_i), all undefined."""
    u, xi = symbol_vector("u", 3, first=1), symbol_vector("X", 3, first=1)
    xs = funcs("x", 3, lambda i: (u[i],))
    f = sp.Function("f")
    return Instance(u=u, xs=xs, dxf=at(d(f(*xi), xi), xi, xs), F=f(*xs))


@cache
def prop2e() -> Instance:
    """Proposition 2E: U 3 × 2, x_i = x_i(row i of U), f(x_1, x_2, x_3), all undefined."""
    u, xi = symbol_matrix("u", 3, 2, first=1, sep=""), symbol_vector("X", 3, first=1)
    xs = funcs("x", 3, lambda i: tuple(u.row(i)))
    f = sp.Function("f")
    return Instance(u=u, xs=xs, dxf=at(d(f(*xi), xi), xi, xs), F=f(*xs))


@cache
def last() -> Instance:
    """The last layer with the sigmoid: z = W a' + b, a = σ(z), C = ½‖y − a‖² (2 outputs)."""
    ap, y = symbol_vector("a'", 3, first=1, real=True), symbol_vector("y", 2, first=1, real=True)
    w, b = symbol_matrix("w", 2, 3, first=1, sep="", real=True), symbol_vector(
        "b", 2, first=1, real=True)
    a_var, z_var = symbol_vector("a", 2, first=1, real=True), symbol_vector(
        "z", 2, first=1, real=True)
    delta = symbol_vector("delta", 2, first=1, real=True)
    z = w * ap + b
    a = z.applyfunc(sigmoid)

    def cost(out: sp.Matrix) -> sp.Expr:
        return sum((y[i] - out[i]) ** 2 for i in range(out.rows)) / 2

    sigma_prime = z.applyfunc(lambda zi: derivative_at(sigmoid, zi))
    dz_c = hadamard(a - y, sigma_prime)                     # Facts 1 and 2 at z = W a' + b
    return Instance(ap=ap, w=w, b=b, y=y, a_var=a_var, z_var=z_var, delta=delta, z=z, a=a,
                           C=cost(a), cost=cost, dz_c=dz_c, u=symbol_vector("u", 2, first=1),
                           v=symbol_vector("v", 3, first=1))


SIGMA = sp.Function("sigma")


SIZES = (2, 3, 3, 2)


@cache
def deep() -> Instance:
    """A 2-3-3-2 network, σ undefined: zˡ = Wˡ aˡ⁻¹ + bˡ, aˡ = σ(zˡ), C = ½‖y − a³‖²."""
    x, y = symbol_vector("x", SIZES[0], first=1), symbol_vector("y", SIZES[-1], first=1)
    w = {k: symbol_matrix(f"w^{{({k})}}", SIZES[k], SIZES[k - 1], first=1, sep="")
         for k in (1, 2, 3)}
    b = {k: symbol_vector(f"b^{{({k})}}", SIZES[k], first=1) for k in (1, 2, 3)}
    a_var = {k: symbol_vector(f"a^{{({k})}}", SIZES[k], first=1) for k in (1, 2, 3)}
    z_var = {k: symbol_vector(f"z^{{({k})}}", SIZES[k], first=1) for k in (1, 2, 3)}
    a, z = {0: x}, {}
    for k in (1, 2, 3):
        z[k] = w[k] * a[k - 1] + b[k]
        a[k] = z[k].applyfunc(SIGMA)

    def cost(out: sp.Matrix) -> sp.Expr:
        return sum((y[i] - out[i]) ** 2 for i in range(out.rows)) / 2

    def cost_from_a(layer: int) -> sp.Expr:
        """C as a function of the free activations a^(layer) (the note's C = C(z(a')))."""
        out = a_var[layer]
        for k in range(layer + 1, 4):
            out = (w[k] * out + b[k]).applyfunc(SIGMA)
        return cost(out)

    def sigma_prime(zl: sp.Matrix) -> sp.Matrix:
        return zl.applyfunc(lambda zi: derivative_at(SIGMA, zi))

    # The note's recursion: Fact 1 at L = 3, then Facts 2 and 6 down to layer 1.
    da_c, dz_c = {3: a[3] - y}, {}
    for k in (3, 2, 1):
        dz_c[k] = hadamard(da_c[k], sigma_prime(z[k]))      # Fact 2 (and its induction)
        if k > 1:
            da_c[k - 1] = w[k].T * dz_c[k]                   # Fact 6 (and its induction)
    return Instance(x=x, y=y, w=w, b=b, a_var=a_var, z_var=z_var, a=a, z=z, C=cost(a[3]),
                           cost_from_a=cost_from_a, sigma_prime=sigma_prime, da_c=da_c,
                           dz_c=dz_c, eta=sp.Symbol("eta"))


@cache
def deep_reference(kind: str, layer: int) -> sp.Matrix:
    """SymPy's own derivatives of the 3-layer cost (cached: several claims share them).

    ``"a"``: d_{aˡ}C (C written from free activations aˡ, then aˡ set to its forward value);
    ``"z"``: d_{zˡ}C likewise; ``"b"``: d_{bˡ}C; ``"W"``: D_{Wˡ}C.
    """
    n = deep()
    if kind == "a":
        grad = d(n.cost_from_a(layer), n.a_var[layer])
        return grad.xreplace(dict(zip(n.a_var[layer], n.a[layer], strict=True)))
    if kind == "z":
        zl = n.z_var[layer]
        from_z = n.cost_from_a(layer).xreplace(
            dict(zip(n.a_var[layer], zl.applyfunc(SIGMA), strict=True)))
        return at(d(from_z, zl), zl, n.z[layer])
    if kind == "b":
        return d(n.C, n.b[layer])
    if kind == "W":
        return D_matrix(n.C, n.w[layer])
    raise ValueError(kind)
