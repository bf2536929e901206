"""The cyclic collector is paused for an extraction and restored after; process-wide
resources are moved out of its reach."""

from __future__ import annotations

import gc

import pytest

from ingest import pipeline
from ingest.agency_lexicon import lexicon
from ingest.document import Line, SourceText
from ingest.pipeline import Stage, run_stages
from ingest.resources import collector_paused


def test_resources_collector_paused_and_restored() -> None:
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the inner pause does not re-enable the outer one
    assert gc.isenabled()


def test_resources_collector_restored_after_an_error() -> None:
    with pytest.raises(ValueError), collector_paused():
        raise ValueError("stage bug")
    assert gc.isenabled()


def test_resources_already_disabled_collector_stays_disabled() -> None:
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_resources_stages_run_with_the_collector_paused(monkeypatch: pytest.MonkeyPatch
                                                         ) -> None:
    seen: list[bool] = []
    monkeypatch.setitem(pipeline.STAGES, "probe", Stage("probe", "gc:isenabled", ()))
    monkeypatch.setattr(Stage, "load", lambda self: lambda s, r: seen.append(gc.isenabled()))
    source = SourceText("probe.txt", [Line(1, "Kế hoạch", "Kế hoạch")])
    run_stages(source, ("probe",))
    assert seen == [False] and gc.isenabled()


def test_resources_lexicon_is_frozen_out_of_the_collector() -> None:
    lexicon()
    assert gc.get_freeze_count() > 0
