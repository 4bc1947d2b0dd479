"""A function run in a forked process while this one goes on: a parallel build checks the
sources there while it loads the project and WeasyPrint.

The answer comes back pickled through a pipe. Whatever goes wrong in the child (an
exception, an answer that cannot be pickled, the process killed) makes :meth:`result` run
the function here instead, so the caller gets exactly what a plain call would give,
error included; only the time is lost.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any, Generic, TypeVar

from tmad.build.publish import die_with_parent

T = TypeVar("T")


class Background(Generic[T]):
    """``function(*args, **kwargs)`` started in a forked process; :meth:`result` waits."""

    def __init__(self, function: Callable[..., T], *args: Any, **kwargs: Any) -> None:
        self._call = (function, args, kwargs)
        context = multiprocessing.get_context("fork")
        self._receive, send = context.Pipe(duplex=False)
        for stream in (sys.stdout, sys.stderr):  # or the child would write it out again
            stream.flush()
        self._process = context.Process(
            target=_answer, args=(send, os.getpid(), function, args, kwargs), daemon=True
        )
        self._process.start()
        send.close()

    def result(self) -> T:
        """The function's value (computed here if the child gave none); raises as it would."""
        try:
            answered, value = self._receive.recv()
        except (EOFError, OSError):
            answered, value = False, None
        finally:
            self._receive.close()
            self._process.join()
        if answered:
            return value
        function, args, kwargs = self._call
        return function(*args, **kwargs)


class Done(Generic[T]):
    """A value already computed, with the interface of :class:`Background`."""

    def __init__(self, value: T) -> None:
        self._value = value

    def result(self) -> T:
        """The value."""
        return self._value


def _answer(
    send: Connection, parent: int, function: Callable[..., Any], args: tuple, kwargs: dict
) -> None:
    """In the child: send (True, value), or (False, None) on any failure."""
    die_with_parent(parent)
    try:
        send.send((True, function(*args, **kwargs)))
    except BaseException:  # the parent runs the function again, and raises
        send.send((False, None))
    finally:
        send.close()
