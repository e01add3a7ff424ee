"""All-or-nothing bulk loads into a store directory: load a copy beside it, then swap.

Oxigraph's transactional load is several times slower than its bulk loader on disk, and the
bulk loader is not atomic. So a load into ``./db`` first checkpoints the store into a
staging directory beside it (RocksDB hard-links its immutable files: no data is copied),
bulk-loads the new files into that copy, and then exchanges the two directories in one
``renameat2(RENAME_EXCHANGE)`` call. A process killed at any moment leaves ``./db`` holding
either the old state or the new one; the leftover staging directory is removed the next
time the store is opened for writing. See docs/decisions/0003-atomic-bulk-load.md.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import secrets
import shutil
from pathlib import Path

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def staging_dir(path: Path) -> Path:
    """A fresh, unused directory name beside ``path`` that marks this process as its owner."""
    return path.parent / f".{path.name}.staging-{os.getpid()}-{secrets.token_hex(4)}"


def _leftovers(path: Path) -> list[Path]:
    prefix = f".{path.name}.staging-"
    if not path.parent.is_dir():
        return []
    return [p for p in path.parent.iterdir() if p.name.startswith(prefix)]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def recover(path: Path) -> None:
    """Finish what a killed load left beside ``path``: restore or remove staging directories.

    If ``path`` itself is missing (killed between the two renames of the fallback swap), the
    old state is put back. Staging directories of processes still running are left alone.
    """
    for leftover in _leftovers(path):
        try:
            pid = int(leftover.name.rsplit(".staging-", 1)[1].split("-", 1)[0])
        except (IndexError, ValueError):
            continue
        if pid != os.getpid() and _alive(pid):
            continue
        if leftover.name.endswith(".previous") and not path.exists():
            os.rename(leftover, path)
            continue
        shutil.rmtree(leftover, ignore_errors=True)


def exchange(path: Path, staged: Path) -> None:
    """Make ``staged`` visible as ``path`` in one step; the old contents end up at ``staged``.

    Linux exchanges two directories atomically. Where the file system cannot, the old store
    is first renamed aside (``….previous``) and :func:`recover` restores it if the process dies
    before the second rename.
    """
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is not None:
        result = renameat2(
            _AT_FDCWD, os.fsencode(path), _AT_FDCWD, os.fsencode(staged), _RENAME_EXCHANGE
        )
        if result == 0:
            _sync_dir(path.parent)
            return
        code = ctypes.get_errno()
        if code not in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
            raise OSError(code, os.strerror(code), str(path))
    aside = staged.with_name(staged.name + ".previous")
    os.rename(path, aside)
    os.rename(staged, path)
    os.rename(aside, staged)
    _sync_dir(path.parent)


def _sync_dir(directory: Path) -> None:
    """Make the renames durable, not only visible."""
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
