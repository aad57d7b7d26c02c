"""`tf.gfile` and `tf.io.gfile`: TensorFlow's file API on the local file system.

TF 1.x lessons use it to manage their log and checkpoint folders (`if tf.gfile.Exists(logdir):
tf.gfile.DeleteRecursively(logdir)`, `tf.gfile.MakeDirs`, `tf.gfile.GFile(path).read()`). The
names, return values and errors are TF's: a missing path is `NotFoundError: <path>; No such file
or directory` (TF's POSIX text), copying or renaming onto an existing file without `overwrite`
is `AlreadyExistsError: file already exists`, a `GFile` opened for reading refuses to write
(`PermissionDeniedError`). As in TF a `GFile` opens its file on the first read or write, not
when constructed, and `read()` in a text mode gives `str`, in a binary mode `bytes`.

Only local paths: a `scheme://` path is `UnimplementedError` naming the scheme.
"""
from __future__ import annotations

import errno
import glob as _glob
import os
import shutil
import types
from typing import Iterator

from .engine.errors import (AlreadyExistsError, FailedPreconditionError, InvalidArgumentError, NotFoundError,
                            OpError, PermissionDeniedError, UnimplementedError, UnknownError)

__all__ = ["GFile", "FastGFile", "Open", "Exists", "MakeDirs", "MkDir", "ListDirectory", "Glob", "Remove",
           "Rename", "Copy", "DeleteRecursively", "IsDirectory", "Stat", "Walk", "FileStatistics", "io_gfile"]

_MODES = ("r", "w", "a", "rb", "wb", "ab", "r+", "w+", "a+", "r+b", "w+b", "a+b")


def _path(name) -> str:
    path = os.fsdecode(os.fspath(name))
    if "://" in path:
        raise UnimplementedError(None, None, f"File system scheme '{path.split('://', 1)[0]}' not implemented "
                                             f"(file: '{path}')")
    return path


def _io_error(path: str, e: OSError) -> OpError:
    """TF's IOError(context, errno): `<path>; <strerror>`, the code from errno."""
    text = f"{path}; {os.strerror(e.errno) if e.errno else e.strerror}"
    if e.errno == errno.ENOENT:
        return NotFoundError(None, None, text)
    if e.errno == errno.EEXIST:
        return AlreadyExistsError(None, None, text)
    if e.errno in (errno.EACCES, errno.EPERM):
        return PermissionDeniedError(None, None, text)
    if e.errno in (errno.ENOTDIR, errno.EISDIR, errno.ENOTEMPTY):
        return FailedPreconditionError(None, None, text)
    return UnknownError(None, None, text)


def _not_found(path: str) -> NotFoundError:
    return NotFoundError(None, None, f"{path}; No such file or directory")


# -- whole files and folders ----------------------------------------------------------------------
def Exists(filename) -> bool:
    """True when the path exists (file or folder)."""
    return os.path.exists(_path(filename))


def IsDirectory(dirname) -> bool:
    return os.path.isdir(_path(dirname))


def _mkdir(path: str) -> None:
    try:
        os.mkdir(path, 0o755)
    except FileExistsError:
        pass
    except OSError as e:
        raise _io_error(path, e) from None


def MkDir(dirname) -> None:
    """Creates one folder; its parent must exist. An existing path is left as it is (as TF)."""
    _mkdir(_path(dirname))


def MakeDirs(dirname) -> None:
    """Creates the folder and every missing parent; an existing folder is fine."""
    path = _path(dirname)
    parts, head = [], path
    while head and head not in (os.sep, ".") and not os.path.exists(head):
        parts.append(head)
        head = os.path.dirname(head)
    if head and os.path.exists(head) and not os.path.isdir(head):
        raise FailedPreconditionError(None, None, f"{head} is not a directory")
    for part in reversed(parts):
        _mkdir(part)


def ListDirectory(dirname) -> list:
    """The names in a folder (not `.`/`..`), in the order the file system gives them."""
    path = _path(dirname)
    if not os.path.isdir(path):
        raise NotFoundError(None, None, f"Could not find directory {path}")
    return os.listdir(path)


def Glob(filename) -> list:
    """The paths matching a pattern (or any of a list of patterns); `*` also matches dotfiles."""
    patterns = [filename] if isinstance(filename, (str, bytes, os.PathLike)) else list(filename)
    out = []
    for pattern in patterns:
        try:
            found = _glob.glob(_path(pattern), include_hidden=True)
        except TypeError:   # Python 3.10 has no include_hidden: dotfiles need a pattern starting with "."
            found = _glob.glob(_path(pattern))
        out += sorted(set(found))
    return out


def Remove(filename) -> None:
    """Deletes a file; a missing one is NotFoundError, a folder FailedPreconditionError."""
    path = _path(filename)
    try:
        if os.path.isdir(path) and not os.path.islink(path):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), path)
        os.remove(path)
    except OSError as e:
        raise _io_error(path, e) from None


def DeleteRecursively(dirname) -> None:
    """Deletes a folder and everything in it (or a single file)."""
    path = _path(dirname)
    if not os.path.lexists(path):
        raise NotFoundError(None, None, f"{path} not found")
    try:
        if os.path.isdir(path) and not os.path.islink(path):
            shutil.rmtree(path)
        else:
            os.remove(path)
    except OSError as e:
        raise _io_error(e.filename or path, e) from None


def Rename(oldname, newname, overwrite=False) -> None:
    old, new = _path(oldname), _path(newname)
    if not overwrite and os.path.exists(new):
        raise AlreadyExistsError(None, None, "file already exists")
    try:
        os.replace(old, new)
    except OSError as e:
        raise _io_error(old if not os.path.lexists(old) else new, e) from None


def Copy(oldpath, newpath, overwrite=False) -> None:
    old, new = _path(oldpath), _path(newpath)
    if not overwrite and os.path.exists(new):
        raise AlreadyExistsError(None, None, "file already exists")
    try:
        shutil.copyfile(old, new)
    except OSError as e:
        raise _io_error(old if not os.path.exists(old) else new, e) from None


class FileStatistics:
    """What `Stat` returns: `length` (bytes), `mtime_nsec`, `is_directory`."""

    def __init__(self, length: int = 0, mtime_nsec: int = 0, is_directory: bool = False):
        self.length, self.mtime_nsec, self.is_directory = length, mtime_nsec, is_directory

    def __repr__(self) -> str:
        return f"FileStatistics(length={self.length}, mtime_nsec={self.mtime_nsec}, is_directory={self.is_directory})"


def Stat(filename) -> FileStatistics:
    path = _path(filename)
    try:
        st = os.stat(path)
    except OSError as e:
        raise _io_error(path, e) from None
    return FileStatistics(st.st_size, st.st_mtime_ns, os.path.isdir(path))


def _walk(top, topdown=True, onerror=None) -> Iterator[tuple]:
    top = os.fsdecode(os.fspath(top))
    try:
        listing = ListDirectory(top)
    except NotFoundError as err:
        if onerror:
            onerror(err)
        return
    subdirs, files = [], []
    for item in listing:
        (subdirs if os.path.isdir(os.path.join(top, item)) else files).append(item)
    if topdown:
        yield top, subdirs, files
    for sub in subdirs:
        yield from _walk(os.path.join(top, sub), topdown, onerror)
    if not topdown:
        yield top, subdirs, files


def Walk(top, in_order=True) -> Iterator[tuple]:
    """(folder, subfolders, files) for `top` and every folder below it; nothing for a missing `top`."""
    return _walk(top, topdown=in_order)


# -- GFile -----------------------------------------------------------------------------------------
class GFile:
    """A file as TF's `GFile(name, mode='r')`: opened on first use; `read`, `readline`,
    `readlines`, iteration, `write`, `seek`, `tell`, `size`, `flush`, `close`, `with`."""

    def __init__(self, name, mode="r"):
        if mode not in _MODES:
            raise InvalidArgumentError(None, None, "mode is not 'r' or 'w' or 'a' or 'r+' or 'w+' or 'a+'")
        self._name = _path(name)
        self._mode = mode
        self._binary = "b" in mode
        self._f = None

    @property
    def name(self) -> str:
        return self._name

    @property
    def mode(self) -> str:
        return self._mode

    def _file(self, reading: bool):
        if reading and not ("r" in self._mode or "+" in self._mode):
            raise PermissionDeniedError(None, None, "File isn't open for reading")
        if not reading and self._mode.startswith("r") and "+" not in self._mode:
            raise PermissionDeniedError(None, None, "File isn't open for writing")
        if self._f is None:
            raw = self._mode.replace("b", "")
            try:
                self._f = open(self._name, raw + "b")
            except OSError as e:
                raise _io_error(self._name, e) from None
        return self._f

    def _out(self, data: bytes):
        return data if self._binary else data.decode("utf-8")

    def size(self) -> int:
        return Stat(self._name).length

    def read(self, n=-1):
        return self._out(self._file(True).read(-1 if n is None else n))

    def readline(self):
        return self._out(self._file(True).readline())

    def readlines(self) -> list:
        return [self._out(line) for line in self._file(True).readlines()]

    def __iter__(self):
        return self

    def __next__(self):
        line = self.readline()
        if not line:
            raise StopIteration
        return line

    next = __next__

    def write(self, file_content) -> None:
        if isinstance(file_content, str):
            file_content = file_content.encode("utf-8")
        elif not isinstance(file_content, (bytes, bytearray)):
            raise TypeError(f"Expected binary or unicode string, got {file_content!r}")
        self._file(False).write(file_content)

    def seek(self, offset=None, whence=0, position=None) -> int:
        if offset is None and position is None:
            raise TypeError("seek(): offset argument required")
        if offset is not None and position is not None:
            raise TypeError("seek(): offset and position may not be set simultaneously.")
        return self._file(True).seek(offset if offset is not None else position, whence)

    def tell(self) -> int:
        return self._file("r" in self._mode).tell()

    def flush(self) -> None:
        if self._f is not None:
            self._f.flush()

    def close(self) -> None:
        if self._f is not None:
            self._f.close()
            self._f = None

    def seekable(self) -> bool:
        return True

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __del__(self):
        try:
            self.close()
        except Exception:  # noqa: BLE001 - interpreter shutdown
            pass


FastGFile = GFile
Open = GFile


def _rmtree(path) -> None:
    DeleteRecursively(path)


def _walk_v2(top, topdown=True, onerror=None) -> Iterator[tuple]:
    return _walk(top, topdown, onerror)


# tf.io.gfile: the same functions under TF 2's names
io_gfile = types.ModuleType("nbgraph.io.gfile", "tf.io.gfile: TensorFlow's file API (TF 2 names)")
io_gfile.__dict__.update(
    GFile=GFile, copy=Copy, exists=Exists, glob=Glob, isdir=IsDirectory, listdir=ListDirectory, makedirs=MakeDirs,
    mkdir=MkDir, remove=Remove, rename=Rename, rmtree=_rmtree, stat=Stat, join=os.path.join,
    walk=_walk_v2)
