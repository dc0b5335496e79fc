"""The model's maxout layers read with their pieces side by side in memory.

A thinc ``Maxout`` layer multiplies its input by the weights of ``nO`` outputs of ``nP``
pieces each, then keeps each output's largest piece. thinc lays the product out output by
output (the pieces of one output next to each other) and walks it one output at a time,
keeping the index of the winner for training: on the embedding encoders' shapes that walk
cost about half as much as the matrix product itself. Here, when the model only reads, the
weight rows are ordered piece by piece, so the product holds ``nP`` blocks of ``nO`` columns
and the largest piece is a vectorised element-wise maximum of the blocks. Every column of
the product is the same dot product as before (the rows are only reordered), and the maximum
is the same value; training (``is_train``) runs thinc's own forward.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import numpy
from spacy.language import Language
from thinc.api import Model
from thinc.layers import maxout as thinc_maxout

from claimledger.pipeline.blas import model_layers

_Cache = dict[str, tuple[numpy.ndarray, numpy.ndarray, numpy.ndarray]]


def use_pieces_first_maxout(nlp: Language) -> None:
    """Give every thinc ``Maxout`` layer of ``nlp``'s components :func:`_forward`."""
    for layer in model_layers(nlp):
        if layer._func is thinc_maxout.forward:
            layer._func = partial(_forward, cache={})


def _forward(model: Model, X: numpy.ndarray, is_train: bool, *, cache: _Cache
             ) -> tuple[numpy.ndarray, Callable]:
    """thinc's maxout forward, the weights ordered piece by piece when only reading."""
    if is_train:
        return thinc_maxout.forward(model, X, is_train)
    n_out, n_pieces = model.get_dim("nO"), model.get_dim("nP")
    weights, bias = _pieces_first(model, cache)
    product = model.ops.gemm(X, weights, trans2=True)
    product += bias
    best = product[:, :n_out].copy()
    for piece in range(1, n_pieces):  # ties keep the earlier piece, as thinc's walk does
        numpy.maximum(best, product[:, piece * n_out:(piece + 1) * n_out], out=best)
    return best, _no_backprop


def _pieces_first(model: Model, cache: _Cache) -> tuple[numpy.ndarray, numpy.ndarray]:
    """The layer's weights and bias with the rows of piece 0 of every output first, then
    piece 1, …; reordered once while the layer keeps the same weights."""
    weights, bias = model.get_param("W"), model.get_param("b")
    hit = cache.get("pieces")
    if hit is None or hit[0] is not weights:
        n_out, n_pieces, n_in = weights.shape
        ordered = numpy.ascontiguousarray(weights.transpose(1, 0, 2)).reshape(-1, n_in)
        hit = cache["pieces"] = (weights, ordered, numpy.ascontiguousarray(bias.T).ravel())
        assert ordered.shape[0] == n_out * n_pieces
    return hit[1], hit[2]


def _no_backprop(_: numpy.ndarray) -> numpy.ndarray:
    raise RuntimeError("maxout read with pieces first has no backward pass (is_train=False)")
