"""`tf.gfile` / `tf.io.gfile` on local paths: TF 1.15's names, return values and error texts
(golden strings taken from TensorFlow's POSIX file system), and a differential run of the same
script under real TensorFlow when it is installed."""
from __future__ import annotations

import json
import os

import pytest

import nbgraph as tf

g = tf.gfile

V1_NAMES = ["Copy", "DeleteRecursively", "Exists", "FastGFile", "GFile", "Glob", "IsDirectory", "ListDirectory",
            "MakeDirs", "MkDir", "Open", "Remove", "Rename", "Stat", "Walk"]
V2_NAMES = ["GFile", "copy", "exists", "glob", "isdir", "join", "listdir", "makedirs", "mkdir", "remove", "rename",
            "rmtree", "stat", "walk"]


def test_names():
    assert all(callable(getattr(tf.gfile, n)) for n in V1_NAMES)
    assert all(callable(getattr(tf.io.gfile, n)) for n in V2_NAMES)
    assert tf.gfile.FastGFile is tf.gfile.GFile and tf.gfile.Open is tf.gfile.GFile


def test_folders(tmp_path):
    d = str(tmp_path)
    assert g.Exists(d) and g.IsDirectory(d) and not g.Exists(d + "/nope") and not g.IsDirectory(d + "/nope")
    g.MkDir(d + "/a")
    g.MkDir(d + "/a")                       # an existing folder is fine, as in TF
    with pytest.raises(tf.errors.NotFoundError, match=f"^{d}/x/y; No such file or directory$"):
        g.MkDir(d + "/x/y")
    g.MakeDirs(d + "/a/b/c")
    g.MakeDirs(d + "/a/b/c")
    assert g.IsDirectory(d + "/a/b/c")
    with g.GFile(d + "/a/f.txt", "w") as f:
        f.write("hello\nworld\n")
    with pytest.raises(tf.errors.FailedPreconditionError, match=f"^{d}/a/f.txt is not a directory$"):
        g.MakeDirs(d + "/a/f.txt/z")
    assert sorted(g.ListDirectory(d + "/a")) == ["b", "f.txt"]
    with pytest.raises(tf.errors.NotFoundError, match=f"^Could not find directory {d}/nope$"):
        g.ListDirectory(d + "/nope")
    with pytest.raises(tf.errors.NotFoundError, match=f"^Could not find directory {d}/a/f.txt$"):
        g.ListDirectory(d + "/a/f.txt")
    assert list(g.Walk(d)) == [(d, ["a"], []), (d + "/a", ["b"], ["f.txt"]), (d + "/a/b", ["c"], []),
                               (d + "/a/b/c", [], [])]
    assert [top for top, _, _ in g.Walk(d, in_order=False)] == [d + "/a/b/c", d + "/a/b", d + "/a", d]
    assert list(g.Walk(d + "/nope")) == []
    errors = []
    assert list(tf.io.gfile.walk(d + "/nope", onerror=errors.append)) == [] and \
        isinstance(errors[0], tf.errors.NotFoundError)
    with pytest.raises(tf.errors.FailedPreconditionError, match=f"^{d}/a/b; Is a directory$"):
        g.Remove(d + "/a/b")
    g.DeleteRecursively(d + "/a")
    assert not g.Exists(d + "/a")
    with pytest.raises(tf.errors.NotFoundError, match=f"^{d}/a not found$"):
        g.DeleteRecursively(d + "/a")
    with pytest.raises(tf.errors.NotFoundError, match=f"^{d}/a not found$"):
        tf.io.gfile.rmtree(d + "/a")


def test_files_copy_rename_remove_glob_stat(tmp_path):
    d = str(tmp_path)
    with g.GFile(d + "/f.txt", "w") as f:
        f.write("abc")
    with g.GFile(d + "/.hidden", "wb") as f:
        f.write(b"\x00")
    g.Copy(d + "/f.txt", d + "/g.txt")
    with pytest.raises(tf.errors.AlreadyExistsError, match="^file already exists$"):
        g.Copy(d + "/f.txt", d + "/g.txt")
    g.Copy(d + "/f.txt", d + "/g.txt", overwrite=True)
    with pytest.raises(tf.errors.NotFoundError, match=f"^{d}/nope; No such file or directory$"):
        g.Copy(d + "/nope", d + "/h.txt")
    with pytest.raises(tf.errors.AlreadyExistsError, match="^file already exists$"):
        g.Rename(d + "/f.txt", d + "/g.txt")
    with pytest.raises(tf.errors.NotFoundError, match=f"^{d}/nope; No such file or directory$"):
        g.Rename(d + "/nope", d + "/zz")
    g.Rename(d + "/g.txt", d + "/h.txt")
    assert g.Glob(d + "/*.txt") == [d + "/f.txt", d + "/h.txt"]
    assert g.Glob([d + "/h*", d + "/*"]) == [d + "/h.txt", d + "/.hidden", d + "/f.txt", d + "/h.txt"]
    assert g.Glob(d + "/nope/*") == []
    st = g.Stat(d + "/f.txt")
    assert (st.length, st.is_directory, isinstance(st.mtime_nsec, int)) == (3, False, True)
    assert g.Stat(d).is_directory
    with pytest.raises(tf.errors.NotFoundError, match=f"^{d}/nope; No such file or directory$"):
        g.Stat(d + "/nope")
    g.Remove(d + "/h.txt")
    with pytest.raises(tf.errors.NotFoundError, match=f"^{d}/h.txt; No such file or directory$"):
        g.Remove(d + "/h.txt")
    g.DeleteRecursively(d + "/f.txt")      # a single file too
    assert sorted(os.listdir(d)) == [".hidden"]


def test_gfile_reads_and_writes(tmp_path):
    p = str(tmp_path / "f.txt")
    with g.GFile(p, "w") as f:
        f.write("hello\n")
        f.write(b"world\n")
    f = g.GFile(p)
    assert (f.name, f.mode, f.size()) == (p, "r", 12)
    assert f.readline() == "hello\n" and f.tell() == 6 and f.read(3) == "wor" and f.readlines() == ["ld\n"]
    f.seek(0)
    assert list(f) == ["hello\n", "world\n"]
    f.seek(position=2)
    assert f.read() == "llo\nworld\n"
    f.close()
    assert f.read() == "hello\nworld\n"        # reopened on use, as TF's GFile
    assert g.GFile(p, "rb").read() == b"hello\nworld\n" and g.FastGFile(p, "rb").read() == b"hello\nworld\n"
    with g.Open(p, "a") as f:
        f.write("more")
    assert tf.io.gfile.GFile(p).read() == "hello\nworld\nmore"
    # errors: lazily, when the file is first used
    missing = g.GFile(str(tmp_path / "nope"))
    with pytest.raises(tf.errors.NotFoundError, match=f"^{tmp_path}/nope; No such file or directory$"):
        missing.read()
    with pytest.raises(tf.errors.NotFoundError, match=f"^{tmp_path}/nope; No such file or directory$"):
        missing.size()
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"^mode is not 'r' or 'w' or 'a' or 'r\+' or 'w\+' or 'a\+'$"):
        g.GFile(p, "q")
    with pytest.raises(tf.errors.PermissionDeniedError, match="^File isn't open for writing$"):
        g.GFile(p).write("x")
    with pytest.raises(tf.errors.PermissionDeniedError, match="^File isn't open for reading$"):
        g.GFile(str(tmp_path / "w.txt"), "w").read()
    with pytest.raises(tf.errors.NotFoundError, match=f"^{tmp_path}/nodir/x.txt; No such file or directory$"):
        g.GFile(str(tmp_path / "nodir" / "x.txt"), "w").write("x")
    with pytest.raises(TypeError, match="^Expected binary or unicode string, got 3$"):
        g.GFile(str(tmp_path / "c.txt"), "w").write(3)
    with pytest.raises(tf.errors.UnimplementedError, match="File system scheme 'gs' not implemented"):
        g.Exists("gs://bucket/x")


def test_lesson_idiom_and_python_module_path(tmp_path):
    """A lesson's log-folder reset, through `from tensorflow.python.platform import gfile` too."""
    from nbgraph.tf_paths import modules
    gfile = modules()["tensorflow.python.platform.gfile"]
    logdir = str(tmp_path / "logs")
    for _ in range(2):
        if gfile.Exists(logdir):
            gfile.DeleteRecursively(logdir)
        gfile.MakeDirs(logdir)
        with tf.summary.FileWriter(logdir) as w:
            w.add_graph(tf.get_default_graph())
        assert len(gfile.Glob(os.path.join(logdir, "events.out.tfevents.*"))) == 1


SCRIPT = """
import os
D = ARGS["dir"]
out = []
def t(label, f):
    try:
        r = f()
        out.append([label, "ok", r if isinstance(r, (bool, int, str, type(None))) else repr(r)])
    except Exception as e:
        out.append([label, type(e).__name__, str(e)])
t("exists missing", lambda: g.Exists(D + "/nope"))
t("remove missing", lambda: g.Remove(D + "/nope"))
t("delrec missing", lambda: g.DeleteRecursively(D + "/nope"))
t("listdir missing", lambda: g.ListDirectory(D + "/nope"))
t("stat missing", lambda: g.Stat(D + "/nope"))
t("mkdir", lambda: g.MkDir(D + "/a"))
t("mkdir again", lambda: g.MkDir(D + "/a"))
t("mkdir deep", lambda: g.MkDir(D + "/x/y"))
t("makedirs", lambda: g.MakeDirs(D + "/a/b/c"))
def write(path, text):
    with g.GFile(path, "w") as w:
        w.write(text)
t("write", lambda: write(D + "/a/f.txt", "hello\\nworld\\n"))
t("makedirs over a file", lambda: g.MakeDirs(D + "/a/f.txt/z"))
t("copy", lambda: g.Copy(D + "/a/f.txt", D + "/a/g.txt"))
t("copy again", lambda: g.Copy(D + "/a/f.txt", D + "/a/g.txt"))
t("copy missing", lambda: g.Copy(D + "/a/nope", D + "/a/h.txt"))
t("rename exists", lambda: g.Rename(D + "/a/f.txt", D + "/a/g.txt"))
t("rename", lambda: g.Rename(D + "/a/g.txt", D + "/a/h.txt"))
t("listdir", lambda: repr(sorted(g.ListDirectory(D + "/a"))))
t("glob", lambda: repr(g.Glob(D + "/a/*.txt")))
t("isdir", lambda: repr((g.IsDirectory(D + "/a"), g.IsDirectory(D + "/a/f.txt"))))
t("stat", lambda: repr((g.Stat(D + "/a/f.txt").length, g.Stat(D + "/a").is_directory)))
t("walk", lambda: repr(list(g.Walk(D + "/a"))))
t("remove dir", lambda: g.Remove(D + "/a/b"))
t("read", lambda: g.GFile(D + "/a/f.txt").read())
t("read missing", lambda: g.GFile(D + "/nope").read())
t("write on read", lambda: g.GFile(D + "/a/f.txt").write("x"))
t("read on write", lambda: g.GFile(D + "/a/w.txt", "w").read())
t("bad mode", lambda: g.GFile(D + "/x", "q"))
t("delrec", lambda: g.DeleteRecursively(D + "/a"))
t("exists after", lambda: g.Exists(D + "/a"))
"""


@pytest.mark.timeout(600)
def test_same_results_as_tensorflow(tmp_path, run_tf):
    (tmp_path / "tf").mkdir()
    (tmp_path / "nb").mkdir()
    theirs = run_tf("g = tf.gfile\n" + SCRIPT + "print(json.dumps(out))", dir=str(tmp_path / "tf"))
    scope = {"g": tf.gfile, "ARGS": {"dir": str(tmp_path / "nb")}}
    exec(SCRIPT, scope)
    ours = json.loads(json.dumps(scope["out"]).replace(str(tmp_path / "nb"), str(tmp_path / "tf")))
    assert ours == theirs
