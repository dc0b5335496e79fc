"""The model's dense layers run their matrix products through numpy's BLAS.

thinc's ``NumpyOps.gemm`` calls BLIS; numpy's wheels ship OpenBLAS (Accelerate on Apple
silicon), which picks the widest vector kernels of the CPU it runs on. On the 2-core AMD
EPYC we measure on, a single-threaded float32 product of the model's shapes (5,000 × 288 by
288 × 288) runs at about 22 GFLOP/s through BLIS and 88 through OpenBLAS, and the matrix
products of the embedding encoders and the parser's and entity recogniser's precomputed
layers are the model's largest cost. The weights, the layers and the order of operations are
the model's own: only the routine that multiplies two matrices changes, and the annotations
are those of the stock model (identical on every token of the dev set). The transition
loops of the parser and the entity recogniser call BLIS from compiled code and keep it.

OpenBLAS spreads a product over every core by default; on the model's small matrices its
threads spend more CPU waiting than they save (the same 200 articles cost 16.8 CPU s with two
threads, 9.5 with one), and ``--workers`` already gives each core a process. Reading runs
inside :func:`one_blas_thread`, which restores the caller's setting afterwards.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager

import numpy
from spacy.language import Language
from thinc.api import Model, NumpyOps
from threadpoolctl import threadpool_limits


class NumpyBlasOps(NumpyOps):
    """``NumpyOps`` whose ``gemm`` is ``numpy.matmul``."""

    name = "numpy_blas"

    def gemm(self, x: numpy.ndarray, y: numpy.ndarray, out: numpy.ndarray | None = None,
             trans1: bool = False, trans2: bool = False) -> numpy.ndarray:
        """``x @ y`` (each transposed when asked), written into ``out`` when given."""
        left = x.T if trans1 else x
        right = y.T if trans2 else y
        if out is None:
            return numpy.matmul(left, right)
        numpy.matmul(left, right, out=out)
        return out


def model_layers(nlp: Language) -> Iterator[Model]:
    """Every layer of every trainable component of ``nlp``."""
    for _, component in nlp.pipeline:
        model = getattr(component, "model", None)
        if model is not None and hasattr(model, "walk"):
            yield from model.walk()


def use_numpy_blas(nlp: Language) -> None:
    """Give every layer of every trainable component of ``nlp`` :class:`NumpyBlasOps`."""
    ops = NumpyBlasOps()
    for layer in model_layers(nlp):
        if type(layer.ops) is NumpyOps:
            layer.ops = ops


def one_blas_thread() -> AbstractContextManager[object]:
    """A context in which numpy's BLAS uses one thread (see the module docstring)."""
    return threadpool_limits(limits=1, user_api="blas")
