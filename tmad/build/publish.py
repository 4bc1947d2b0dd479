"""Publishing a build atomically: the whole output folder is replaced in one step, or not at all.

A build is assembled in a sibling of the output folder (``.build.next-<pid>``): first
a copy of the current build made of hard links (so it costs no space and leaves the
current files untouched), then the products rendered this time written over it, stale
outputs removed, the manifest and index written. Only then is it exchanged with the
output folder in one system call (``renameat2(RENAME_EXCHANGE)`` on Linux); a reader,
or a crash at any moment, sees the old build or the new one, never a mix. Where the
exchange is not available the folders are renamed one after the other, and the next
run puts back whatever a crash left between the two renames.

Anything the build did not make (other folders in ``build/``, such as
``build/examples/``) is carried over by the hard links. The manifest's paths are
checked before the build deletes or replaces any of them: only paths inside the output
folder, as tmad writes them, are accepted.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import re
import shutil
import signal
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from tmad.errors import TmadError

_SIBLING = re.compile(r"\.(?P<name>.+)\.(?P<what>next|old)-(?P<pid>\d+)\Z")
_PATH = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*(?:/[A-Za-z0-9][A-Za-z0-9._-]*){0,3}\Z")


def sibling(out_dir: Path, what: str) -> Path:
    """A working folder beside the output folder ("what": next or old)."""
    return out_dir.parent / f".{out_dir.name}.{what}-{os.getpid()}"


def safe_path(path: str) -> bool:
    """Whether a manifest path is one tmad writes: relative, inside the build, no "..", no
    absolute path, no hidden or odd names."""
    if not _PATH.match(path):
        return False
    parts = PurePosixPath(path).parts
    return ".." not in parts and not any(part.startswith(".") for part in parts)


def check_output_folder(out_dir: Path, root: Path) -> None:
    """Refuse an output folder that holds the project's sources, or is a folder of something
    else: the build replaces the whole folder."""
    if out_dir == root or root.is_relative_to(out_dir):
        raise TmadError(f"{out_dir} holds the project itself: choose another folder for the build")
    for sources in ("clauses", "publications", "examples"):
        if out_dir.is_relative_to(root / sources):
            raise TmadError(f"{out_dir} is inside the project's {sources}/: choose another folder")
    if out_dir.is_symlink():
        raise TmadError(f"{out_dir} is a symbolic link: give the folder it points to")
    if out_dir.exists() and not out_dir.is_dir():
        raise TmadError(f"{out_dir} is not a folder")
    if out_dir.is_dir() and not (out_dir / "manifest.json").is_file():
        with contextlib.suppress(OSError):
            if any(not entry.name.startswith(".") for entry in out_dir.iterdir()):
                raise TmadError(
                    f"{out_dir} is not empty and holds no tmad build (manifest.json): choose an "
                    "empty or new folder"
                )


def recover(out_dir: Path) -> list[str]:
    """Tidy what an interrupted build left beside ``out_dir`` (by processes no longer running):
    a half-made next build is deleted; an old build renamed aside with no build in its place
    is put back. Returns what was done, for the user."""
    done: list[str] = []
    parent = out_dir.parent
    if not parent.is_dir():
        return done
    for entry in sorted(parent.iterdir()):
        match = _SIBLING.match(entry.name)
        if match is None or match.group("name") != out_dir.name:
            continue
        if _running(int(match.group("pid"))) and int(match.group("pid")) != os.getpid():
            continue  # another build is working here now
        if match.group("what") == "old" and not out_dir.exists():
            entry.rename(out_dir)
            done.append(f"restored the previous build from {entry.name}")
            continue
        shutil.rmtree(entry, ignore_errors=True)
        done.append(f"removed {entry.name}, left by an interrupted build")
    for stale in out_dir.glob(".staging-*") if out_dir.is_dir() else ():
        shutil.rmtree(stale, ignore_errors=True)
        done.append(f"removed {out_dir.name}/{stale.name}, left by an interrupted build")
    return done


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def linked_copy(source: Path, target: Path) -> None:
    """A copy of a folder made of hard links (a real copy where links are refused)."""

    def link(src: str, dst: str) -> None:
        try:
            os.link(src, dst)
        except OSError:
            shutil.copy2(src, dst)

    shutil.copytree(source, target, symlinks=True, copy_function=link)


_RENAME_EXCHANGE = 2


def _renameat2():
    try:  # the C library this process already runs on (find_library would run ldconfig)
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return None
    path = ctypes.c_char_p
    function.argtypes = [ctypes.c_int, path, ctypes.c_int, path, ctypes.c_uint]
    return function


def exchange(new: Path, out_dir: Path) -> None:
    """Put the folder ``new`` in the place of ``out_dir`` in one step; ``new`` then holds the
    previous build (deleted by the caller)."""
    if not out_dir.exists():
        new.rename(out_dir)
        return
    function = _renameat2() if hasattr(os, "fsencode") else None
    if function is not None:
        at_cwd = -100
        result = function(at_cwd, os.fsencode(new), at_cwd, os.fsencode(out_dir), _RENAME_EXCHANGE)
        if result == 0:
            return
        if ctypes.get_errno() not in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
            raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()), str(out_dir))
    old = sibling(out_dir, "old")
    out_dir.rename(old)
    new.rename(out_dir)
    old.rename(new)


@contextlib.contextmanager
def terminate_as_interrupt() -> Iterator[None]:
    """SIGTERM handled as Ctrl-C while a build runs: the working folders are cleaned up."""

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGTERM, interrupt)
    except ValueError:  # not the main thread
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


_PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int) -> None:
    """In a worker: be killed when the build process ``parent`` dies, even by ``kill -9``.

    On Linux the kernel sends the signal; a parent that died before the request was made
    is caught by comparing the worker's parent with the one it was forked from.
    """
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    with contextlib.suppress(OSError, AttributeError):  # the C library is already loaded
        ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:
        os._exit(1)
