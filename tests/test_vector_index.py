"""faiss index keyed by IRIs: persistence, removal, flat/HNSW switch, model guard."""

import numpy as np
import pytest

from kg.vector_index import MixedModelError, VectorIndex, iri_id


def _vectors(n: int, dim: int = 16, seed: int = 0) -> np.ndarray:
    v = np.random.default_rng(seed).normal(size=(n, dim)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def test_vector_index_roundtrip_and_remove(tmp_path):
    index = VectorIndex.open(tmp_path, "m", 16)
    vecs = _vectors(20)
    iris = [f"https://x/{i}" for i in range(20)]
    index.add(iris, vecs)
    index.save()
    again = VectorIndex.open(tmp_path, "m", 16)
    assert len(again) == 20
    assert again.search(vecs[3], 1)[0][0] == iri_id(iris[3])
    assert again.remove(iris[:5]) == 5
    again.save()
    third = VectorIndex.open(tmp_path, "m", 16)
    found = {i for i, _ in third.search(vecs[0], 20)}
    assert iri_id(iris[0]) not in found and len(found) == 15


def test_vector_index_replaces_vectors_of_same_iri(tmp_path):
    index = VectorIndex.open(tmp_path, "m", 16)
    index.add(["a", "b"], _vectors(2))
    index.add(["a"], _vectors(1, seed=5))
    assert len(index) == 2


def test_vector_index_refuses_other_model(tmp_path):
    index = VectorIndex.open(tmp_path, "model-a", 16)
    index.add(["a"], _vectors(1))
    index.save()
    with pytest.raises(MixedModelError) as err:
        VectorIndex.open(tmp_path, "model-b", 16)
    assert err.value.code == "PK401"
    with pytest.raises(MixedModelError):
        index.add(["b"], _vectors(1), model="model-b")
    with pytest.raises(MixedModelError):
        index.add(["b"], _vectors(1, dim=8))


def test_vector_index_switches_to_hnsw_and_back(tmp_path):
    index = VectorIndex.open(tmp_path, "m", 16, hnsw_threshold=50)
    vecs = _vectors(60)
    iris = [str(i) for i in range(60)]
    index.add(iris[:40], vecs[:40])
    assert index.kind == "flat"
    index.add(iris[40:], vecs[40:])
    assert index.kind == "hnsw" and index._index_kind() == "hnsw"
    assert index.search(vecs[45], 1)[0][0] == iri_id("45")
    index.remove(iris[:20])
    assert index.kind == "flat" and index._index_kind() == "flat"
    assert iri_id("5") not in {i for i, _ in index.search(vecs[5], 40)}


def test_vector_index_allowed_subset(tmp_path):
    index = VectorIndex.open(tmp_path, "m", 16)
    vecs = _vectors(10)
    index.add([str(i) for i in range(10)], vecs)
    allowed = np.array([iri_id("7"), iri_id("8")], dtype=np.int64)
    hits = index.search(vecs[1], 5, allowed)
    assert {i for i, _ in hits} == {iri_id("7"), iri_id("8")}


def test_vector_index_reports_corrupt_files(tmp_path):
    from kg.vector_index import IndexCorrupt

    index = VectorIndex.open(tmp_path, "m", 16)
    index.add(["a", "b"], _vectors(2))
    index.save()
    np.save(tmp_path / "ids.npy", np.array([1], dtype=np.int64))
    with pytest.raises(IndexCorrupt) as err:
        VectorIndex.open(tmp_path, "m", 16)
    assert err.value.code == "PK402"
