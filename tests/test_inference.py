"""The model's maxout and layer-norm layers computed for reading only (pipeline/inference.py):
thinc's very outputs, byte for byte."""

from __future__ import annotations

from functools import partial

import numpy
import pytest
from thinc.api import LayerNorm, Maxout, Model
from thinc.layers import layernorm as thinc_layernorm
from thinc.layers import maxout as thinc_maxout

from claimledger.pipeline.blas import NumpyBlasOps, model_layers
from claimledger.pipeline.inference import layernorm_forward, maxout_forward


def _inputs(seed: int, width: int = 5) -> numpy.ndarray:
    return (numpy.random.default_rng(seed).standard_normal((7, width)) * 3 + 1).astype(
        "float32")


def _maxouts(pieces: int) -> tuple[Model, Model, numpy.ndarray]:
    """The same initialised Maxout layer twice: thinc's forward, and ours."""
    inputs = _inputs(pieces)
    stock = Maxout(nO=4, nI=5, nP=pieces)
    stock.initialize(X=inputs)
    ours = stock.copy()
    ours._func = partial(maxout_forward, cache={})
    return stock, ours, inputs


def _same(stock: Model, ours: Model, inputs: numpy.ndarray) -> bool:
    return ours.predict(inputs).tobytes() == stock.predict(inputs).tobytes()


@pytest.mark.parametrize("pieces", [1, 2, 3, 4])
def test_a_maxout_layer_reads_to_thincs_very_outputs(pieces: int) -> None:
    stock, ours, inputs = _maxouts(pieces)
    assert _same(stock, ours, inputs)
    ours.ops = stock.ops = NumpyBlasOps()  # the products through numpy's BLAS, as in use
    assert _same(stock, ours, inputs)


def test_tied_pieces_give_the_same_output_as_thinc() -> None:
    stock, ours, inputs = _maxouts(3)
    weights = stock.get_param("W").copy()
    weights[:, 2] = weights[:, 0]  # piece 2 of every output ties with piece 0
    weights[1, 1] = weights[1, 0]
    stock.set_param("W", weights)
    ours.set_param("W", weights.copy())  # new weights are reordered again
    assert _same(stock, ours, inputs)


def test_a_layer_norm_reads_to_thincs_very_outputs() -> None:
    inputs = _inputs(11, width=96)
    stock = LayerNorm(nI=96)
    stock.initialize(X=inputs)
    rng = numpy.random.default_rng(5)
    stock.set_param("G", rng.standard_normal(96).astype("float32"))
    stock.set_param("b", rng.standard_normal(96).astype("float32"))
    ours = stock.copy()
    ours._func = layernorm_forward
    assert _same(stock, ours, inputs)
    assert _same(stock, ours, numpy.zeros((3, 96), dtype="float32"))  # no spread at all


@pytest.mark.parametrize("make", [lambda: _maxouts(3)[:2], lambda: (
    LayerNorm(nI=5).initialize(X=_inputs(1)), LayerNorm(nI=5).initialize(X=_inputs(1)))])
def test_training_runs_thincs_own_forward_with_its_backward_pass(make) -> None:
    stock, ours = make()
    if ours._func is thinc_layernorm.forward:
        ours._func = layernorm_forward
    inputs = _inputs(3)
    (expected, expected_back), (output, back) = stock.begin_update(inputs), \
        ours.begin_update(inputs)
    assert output.tobytes() == expected.tobytes()
    gradient = numpy.ones_like(output)
    assert back(gradient).tobytes() == expected_back(gradient).tobytes()
    _, no_back = ours._func(ours, inputs, is_train=False)
    with pytest.raises(RuntimeError):
        no_back(gradient)


def test_claimledgers_model_reads_with_these_layers(nlp) -> None:
    layers = list(model_layers(nlp))
    maxouts = [layer for layer in layers if layer.name == "maxout"]
    norms = [layer for layer in layers if layer.name == "layernorm"]
    assert maxouts and all(layer._func.func is maxout_forward for layer in maxouts)
    assert norms and all(layer._func is layernorm_forward for layer in norms)
    assert not any(layer._func in (thinc_maxout.forward, thinc_layernorm.forward)
                   for layer in layers)
