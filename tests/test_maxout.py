"""The model's maxout layers read pieces first (pipeline/maxout.py): thinc's very outputs."""

from __future__ import annotations

from functools import partial

import numpy
import pytest
from thinc.api import Maxout
from thinc.layers import maxout as thinc_maxout

from claimledger.pipeline.blas import NumpyBlasOps, model_layers
from claimledger.pipeline.maxout import _forward


def _layers(pieces: int) -> tuple:
    """The same initialised Maxout layer twice: thinc's forward, and ours."""
    rng = numpy.random.default_rng(pieces)
    inputs = rng.standard_normal((7, 5)).astype("float32")
    stock = Maxout(nO=4, nI=5, nP=pieces)
    stock.initialize(X=inputs)
    ours = stock.copy()
    ours._func = partial(_forward, cache={})
    return stock, ours, inputs


@pytest.mark.parametrize("pieces", [1, 2, 3, 4])
def test_a_layer_reads_to_thincs_very_outputs(pieces: int) -> None:
    stock, ours, inputs = _layers(pieces)
    assert ours.predict(inputs).tobytes() == stock.predict(inputs).tobytes()
    ours.ops = NumpyBlasOps()  # the products through numpy's BLAS, as in the pipeline
    stock.ops = NumpyBlasOps()
    assert ours.predict(inputs).tobytes() == stock.predict(inputs).tobytes()


def test_tied_pieces_give_the_same_output_as_thinc() -> None:
    stock, ours, inputs = _layers(3)
    weights = stock.get_param("W").copy()
    weights[:, 2] = weights[:, 0]  # piece 2 of every output ties with piece 0
    weights[1, 1] = weights[1, 0]
    stock.set_param("W", weights)
    ours.set_param("W", weights.copy())  # new weights are reordered again
    assert ours.predict(inputs).tobytes() == stock.predict(inputs).tobytes()


def test_training_runs_thincs_own_forward_with_its_backward_pass() -> None:
    stock, ours, inputs = _layers(3)
    (expected, expected_back), (output, back) = stock.begin_update(inputs), \
        ours.begin_update(inputs)
    assert output.tobytes() == expected.tobytes()
    gradient = numpy.ones_like(output)
    assert back(gradient).tobytes() == expected_back(gradient).tobytes()
    _, no_back = ours._func(ours, inputs, is_train=False)
    with pytest.raises(RuntimeError):
        no_back(gradient)


def test_every_maxout_layer_of_claimledgers_model_reads_pieces_first(nlp) -> None:
    maxouts = [layer for layer in model_layers(nlp) if layer.name == "maxout"]
    assert maxouts and all(layer._func.func is _forward for layer in maxouts)
    assert not any(layer._func is thinc_maxout.forward for layer in model_layers(nlp))
