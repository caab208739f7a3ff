"""Wiping cannot be defeated: deep trees, paths past PATH_MAX, modes taken away."""

from __future__ import annotations

import os
import textwrap

from codegym.sandbox.runner import list_files, wipe

#: Builds a hostile tree under ``top`` with dir fds only (its paths exceed PATH_MAX).
HOSTILE_TREE = textwrap.dedent("""
    import os

    def hostile_tree(top, depth=2000):
        fd = os.open(top, os.O_RDONLY | os.O_DIRECTORY)
        for level in range(depth):
            name = ('d%04d' % level) * 40  # 200 characters
            os.mkdir(name, dir_fd=fd)
            if level % 250 == 0:
                f = os.open('read-only.txt', os.O_WRONLY | os.O_CREAT, 0o444, dir_fd=fd)
                os.write(f, b'x')
                os.close(f)
                os.mkdir('locked', dir_fd=fd)
                os.mkdir('locked/inner', dir_fd=fd)
                os.close(os.open('locked/inner/f', os.O_WRONLY | os.O_CREAT, 0o400, dir_fd=fd))
                os.chmod('locked/inner', 0, dir_fd=fd)
                os.chmod('locked', 0, dir_fd=fd)
            child = os.open(name, os.O_RDONLY | os.O_DIRECTORY, dir_fd=fd)
            if level % 500 == 7:
                os.fchmod(fd, 0o500)  # its entries cannot be removed until it is made writable again
            os.close(fd)
            fd = child
        os.close(fd)
        os.chmod(os.path.join(top, ('d%04d' % 0) * 40), 0)
""")


def test_hostile_trees_wiped_and_sandbox_keeps_working(any_sandbox):
    job = HOSTILE_TREE + textwrap.dedent("""
        scratch = os.environ['TMPDIR']
        hostile_tree('.')
        hostile_tree(scratch)
        for level in range(1, 1501):  # short names: deeper than the recursion limit, within PATH_MAX
            os.mkdir('/'.join(['a'] * level))
        open('/'.join(['a'] * 1500) + '/deep.txt', 'w').write('deep')
        os.chmod(scratch, 0)
        print('built')
    """)
    built = any_sandbox.run_python(job, timeout=60)
    assert built.ok and built.stdout == "built\n", built.stderr[-2000:]
    listed = any_sandbox.list_files()  # iterative: no RecursionError, long paths skipped
    assert "/".join(["a"] * 1500) + "/deep.txt" in listed
    any_sandbox.reset()
    assert any_sandbox.list_files() == []
    probe = "import os\nprint(os.listdir('.'), os.listdir(os.environ['TMPDIR']))\nopen('ok.txt', 'w').write('fine')"
    after = any_sandbox.run_python(probe)
    assert after.ok and after.stdout == "[] []\n", after
    assert any_sandbox.read_file("ok.txt") == "fine"
    any_sandbox.write_files({"pkg/mod.py": "X = 1\n"})
    assert any_sandbox.list_files() == ["ok.txt", "pkg/mod.py"]


def test_wipe_on_the_host(tmp_path):
    namespace: dict = {}
    exec(HOSTILE_TREE, namespace)
    root = tmp_path / "root"
    root.mkdir()
    namespace["hostile_tree"](str(root), depth=300)
    (root / "link").symlink_to(tmp_path)  # removed, never followed
    (tmp_path / "outside.txt").write_text("keep")
    os.chmod(root, 0o500)
    assert wipe(str(root)) is True
    assert os.listdir(root) == [] and (tmp_path / "outside.txt").read_text() == "keep"
    assert wipe(str(tmp_path / "missing")) is True
    assert wipe(str(tmp_path / "outside.txt")) is False  # not a directory: reported, not raised
    assert list_files(str(root)) == []
