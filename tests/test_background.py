"""tmad.build.background: a function run in a forked process, or here when that fails."""

from __future__ import annotations

import os

import pytest

from tmad.build.background import Background, Done
from tmad.errors import SourceError


def _pid_and(value: int) -> tuple[int, int]:
    return os.getpid(), value * 2


def test_the_value_comes_from_another_process() -> None:
    pid, value = Background(_pid_and, 21).result()
    assert value == 42
    assert pid != os.getpid()


def _fail_in_child(parent: int) -> None:
    if os.getpid() != parent:
        raise SourceError("only in the child", None)
    raise SourceError("bad source", None)


def test_an_error_is_raised_as_a_plain_call_raises_it() -> None:
    with pytest.raises(SourceError, match="bad source"):
        Background(_fail_in_child, os.getpid()).result()


def _die_in_child(parent: int) -> str:
    if os.getpid() != parent:
        os._exit(9)
    return "computed here"


def test_a_child_that_dies_costs_time_not_the_answer() -> None:
    assert Background(_die_in_child, os.getpid()).result() == "computed here"


def _unpicklable() -> object:
    return lambda: None


def test_an_answer_that_cannot_be_sent_is_computed_here() -> None:
    assert callable(Background(_unpicklable).result())


def test_done_holds_a_value() -> None:
    assert Done(3).result() == 3
