"""The cycle collector is paused while an import runs and resumes after it, as it was."""

import gc

import pytest

from ledger.imports import engine
from ledger.imports.collector import paused_collector


def test_the_collector_is_paused_inside_and_resumed_after_even_on_an_error():
    seen = []

    @paused_collector()
    def inner():
        seen.append(gc.isenabled())
        with paused_collector():
            seen.append(gc.isenabled())
        seen.append(gc.isenabled())  # a nested pause leaves it paused
        raise ValueError

    assert gc.isenabled()
    with pytest.raises(ValueError):
        inner()
    assert seen == [False, False, False] and gc.isenabled()


def test_a_collector_paused_before_stays_paused():
    gc.disable()
    try:
        with paused_collector():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


@pytest.mark.django_db
def test_reading_a_file_pauses_the_collector(monkeypatch):
    seen = []
    real = engine.find_table

    def spy(grid, known):
        seen.append(gc.isenabled())
        return real(grid, known)

    monkeypatch.setattr(engine, "find_table", spy)
    table = engine.read_table(data="项目编号,项目名称,乡镇\n1,甲,保家镇\n".encode(), filename="a.csv", source="ledger")
    assert [cells for _, cells in table.rows] == [["1", "甲", "保家镇"]]
    assert seen == [False] and gc.isenabled()
