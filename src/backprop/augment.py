"""Data augmentation: small random shifts and rotations of square images, in NumPy.

Each image (a row of side² pixels, row by row) is rotated by an angle θ drawn uniformly from
±``max_degrees`` about its centre and shifted by whole pixels (dr, dc), each drawn uniformly
from −``max_shift`` … ``max_shift``. Output pixel (r, c) takes the input at

    r' = c₀ + cos θ (r − c₀) − sin θ (c − c₀) − dr,   c' = c₀ + sin θ (r − c₀) + cos θ (c − c₀) − dc

(c₀ = (side − 1)/2), interpolated bilinearly between the four nearest pixels; outside the image
the input is 0 (MNIST's background). With θ = 0 every weight is exactly 0 or 1, so the output
is an exact shifted copy.
"""

from __future__ import annotations

import math

import numpy as np

MAX_SHIFT = 2
"""Largest shift in pixels, each direction (MNIST digits are centred to about a pixel)."""
MAX_DEGREES = 10.0
"""Largest rotation in degrees (handwriting slants by about this much)."""


def image_side(n_inputs: int) -> int:
    """The side of the square images with ``n_inputs`` pixels; `ValueError` if not square."""
    side = math.isqrt(n_inputs)
    if side * side != n_inputs:
        raise ValueError(f"augmentation needs square images, but {n_inputs} inputs are not a "
                         "square number of pixels")
    return side


def transform(images: np.ndarray, shifts: np.ndarray, degrees: np.ndarray) -> np.ndarray:
    """Images (K, side²) rotated by ``degrees`` (K,) and shifted by ``shifts`` (K, 2) rows and
    columns (positive: down and right), bilinear, zero outside; same dtype as ``images``."""
    k, n = images.shape
    side = image_side(n)
    pad = side + 2  # one ring of zeros around each image: coordinates outside land on it
    padded = np.zeros((k, pad, pad), dtype=images.dtype)
    padded[:, 1:-1, 1:-1] = images.reshape(k, side, side)
    centre = (side - 1) / 2
    grid = np.arange(side) - centre
    theta = np.deg2rad(np.asarray(degrees, dtype=np.float64))[:, None, None]
    cos, sin = np.cos(theta), np.sin(theta)
    rows, cols = grid[None, :, None], grid[None, None, :]
    shifts = np.asarray(shifts, dtype=np.float64)
    src_r = centre + cos * rows - sin * cols - shifts[:, 0, None, None] + 1
    src_c = centre + sin * rows + cos * cols - shifts[:, 1, None, None] + 1
    np.clip(src_r, 0, pad - 1, out=src_r)
    np.clip(src_c, 0, pad - 1, out=src_c)
    r0 = np.minimum(np.floor(src_r), pad - 2).astype(np.intp)
    c0 = np.minimum(np.floor(src_c), pad - 2).astype(np.intp)
    fr = (src_r - r0).astype(images.dtype)
    fc = (src_c - c0).astype(images.dtype)
    flat = padded.reshape(-1)
    at = np.arange(k)[:, None, None] * (pad * pad) + r0 * pad + c0
    top = flat[at] * (1 - fc) + flat[at + 1] * fc
    bottom = flat[at + pad] * (1 - fc) + flat[at + pad + 1] * fc
    out = top * (1 - fr) + bottom * fr
    return out.reshape(k, n)


def shift_and_rotate(images: np.ndarray, rng: np.random.Generator, max_shift: int = MAX_SHIFT,
                     max_degrees: float = MAX_DEGREES) -> np.ndarray:
    """A randomly shifted and rotated copy of each image (K, side²), drawn from ``rng``."""
    k = images.shape[0]
    shifts = rng.integers(-max_shift, max_shift + 1, size=(k, 2))
    degrees = np.asarray(rng.uniform(-max_degrees, max_degrees, size=k))
    return transform(images, shifts, degrees)
