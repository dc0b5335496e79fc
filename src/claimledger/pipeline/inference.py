"""The model's maxout and layer-norm layers, computed for reading only: thinc's very outputs.

thinc's forward passes also prepare what training needs; when the model only reads
(``is_train`` false) two of them do work whose result nobody uses, on the embedding
encoders' largest arrays. Training runs thinc's own forward.

- ``Maxout`` multiplies its input by the weights of ``nO`` outputs of ``nP`` pieces each and
  keeps each output's largest piece. thinc lays the product out output by output (one
  output's pieces side by side) and walks it one output at a time, recording the winner
  for the backward pass: on the encoders' shapes that walk cost half as much as the matrix
  product. Here the weight rows are ordered piece by piece, so the product holds ``nP``
  blocks of ``nO`` columns and the largest piece is an element-wise maximum of the blocks.
  Each column is the same dot product as before (rows only reordered), each maximum the
  same value (ties keep the earlier piece, as thinc's walk does).
- ``LayerNorm`` asked numpy for the mean of each row and then for its variance, which
  computes the mean and the deviations again; here the deviations are computed once, and
  the variance from them by the same operations numpy's ``var`` performs.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import numpy
from spacy.language import Language
from thinc.api import Model
from thinc.layers import layernorm as thinc_layernorm
from thinc.layers import maxout as thinc_maxout

from claimledger.pipeline.blas import model_layers

_Cache = dict[str, tuple[numpy.ndarray, numpy.ndarray, numpy.ndarray]]
_EPSILON = 1e-08  # thinc's, added to the variance


def use_inference_layers(nlp: Language) -> None:
    """Give the ``Maxout`` and ``LayerNorm`` layers of ``nlp``'s components the forward
    passes of this module."""
    for layer in model_layers(nlp):
        if layer._func is thinc_maxout.forward:
            layer._func = partial(maxout_forward, cache={})
        elif layer._func is thinc_layernorm.forward:
            layer._func = layernorm_forward


def maxout_forward(model: Model, X: numpy.ndarray, is_train: bool, *, cache: _Cache
                   ) -> tuple[numpy.ndarray, Callable]:
    """thinc's maxout forward, the weights ordered piece by piece when only reading."""
    if is_train:
        return thinc_maxout.forward(model, X, is_train)
    n_out, n_pieces = model.get_dim("nO"), model.get_dim("nP")
    weights, bias = _pieces_first(model, cache)
    product = model.ops.gemm(X, weights, trans2=True)
    product += bias
    blocks = [product[:, piece * n_out:(piece + 1) * n_out] for piece in range(n_pieces)]
    if n_pieces == 1:
        return blocks[0].copy(), _no_backprop
    best = numpy.maximum(blocks[0], blocks[1])
    for block in blocks[2:]:
        numpy.maximum(best, block, out=best)
    return best, _no_backprop


def _pieces_first(model: Model, cache: _Cache) -> tuple[numpy.ndarray, numpy.ndarray]:
    """The layer's weights and bias with the rows of piece 0 of every output first, then
    piece 1, …; reordered once while the layer keeps the same weights."""
    weights, bias = model.get_param("W"), model.get_param("b")
    hit = cache.get("pieces")
    if hit is None or hit[0] is not weights:
        n_in = weights.shape[-1]
        ordered = numpy.ascontiguousarray(weights.transpose(1, 0, 2)).reshape(-1, n_in)
        hit = cache["pieces"] = (weights, ordered, numpy.ascontiguousarray(bias.T).ravel())
    return hit[1], hit[2]


def layernorm_forward(model: Model, X: numpy.ndarray, is_train: bool
                      ) -> tuple[numpy.ndarray, Callable]:
    """thinc's layer-norm forward, each row's deviations from its mean computed once."""
    if is_train:
        return thinc_layernorm.forward(model, X, is_train)
    deviations = X - X.mean(axis=1, keepdims=True)
    variance = numpy.add.reduce(deviations * deviations, axis=1, keepdims=True)
    variance /= X.shape[1]  # numpy's var: sum of squared deviations over the count
    variance += _EPSILON
    deviations *= variance ** (-1.0 / 2.0)
    deviations *= model.get_param("G")
    deviations += model.get_param("b")
    return deviations, _no_backprop


def _no_backprop(_: numpy.ndarray) -> numpy.ndarray:
    raise RuntimeError("a layer read for inference has no backward pass (is_train=False)")
