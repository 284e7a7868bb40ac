"""Swap a finished folder in for the output folder, so that at every instant it is a whole old or a whole new site.

Every write of a build happens in a private work folder beside the output folder
(`.NAME.build-XXXX/`, same file system): the new site is made whole there, then
exchanged with the output folder in one step (Linux `renameat2` with
RENAME_EXCHANGE), and the work folder, now holding the old site, is removed. Where
the system cannot exchange (another kernel or file system), two renames are used:
the old site into the work folder, the new one in; a kill between them leaves no
output folder, and the next build puts the old one back before anything else
(`tidy`). `tidy` also removes what killed builds left beside the output folder.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import errno
import os
import shutil
import tempfile
from pathlib import Path

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
_UNSUPPORTED = {errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EPERM}
_renameat2 = None  # the libc function, looked up once; False when there is none
OLD = "old"  # in a work folder: the old site during a two-rename swap


def work_folder(out_dir: Path) -> Path:
    """A new private folder beside out_dir for everything one build writes before the swap."""
    return Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.build-", dir=out_dir.parent))


def exchange(first: Path, second: Path) -> bool:
    """Swap two existing paths in one step; False (nothing done) where the system cannot."""
    function = _function()
    if not function:
        return False
    if function(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE) == 0:
        return True
    number = ctypes.get_errno()
    if number in _UNSUPPORTED:
        return False
    raise OSError(number, os.strerror(number), str(first), None, str(second))


def swap_in(new: Path, out_dir: Path, work: Path) -> None:
    """Make the finished folder `new` (inside `work`) the output folder; the old site ends in `work`."""
    if not out_dir.exists():
        new.rename(out_dir)  # one rename: the folder appears whole
        return
    if exchange(new, out_dir):
        return
    old = work / OLD
    out_dir.rename(old)
    new.rename(out_dir)


def tidy(out_dir: Path, marker: str) -> None:
    """Before a build: put back an output folder a killed two-rename swap took away, and remove every
    work folder and staging folder that killed builds left beside it (only ours: they carry `marker`
    or our names)."""
    parent = out_dir.parent
    if not parent.is_dir():
        return
    leftovers = sorted(parent.glob(f".{out_dir.name}.build-*"), key=_mtime, reverse=True)
    if not out_dir.exists():
        for work in leftovers:
            old = work / OLD
            if (old / marker).is_file():
                old.rename(out_dir)
                break
    # Names of earlier versions of this code: whole staging folders and the in-place search scratch.
    leftovers += [*parent.glob(f".{out_dir.name}.new-*"), *parent.glob(f".{out_dir.name}.old-*"),
                  parent / f".{out_dir.name}.search"]
    for path in leftovers:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def _function():
    global _renameat2
    if _renameat2 is None:
        try:
            libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
            function = libc.renameat2
            function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
            function.restype = ctypes.c_int
            _renameat2 = function
        except (OSError, AttributeError, TypeError):  # no libc by that name, or one without renameat2
            _renameat2 = False
    return _renameat2
