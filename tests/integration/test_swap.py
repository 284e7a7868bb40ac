"""The folder swap (sitegen/output/swap.py): one exchange where the system can, two renames where it
cannot, and the next build puts back an output folder that a kill between those two renames took away."""
from __future__ import annotations

from pathlib import Path

import pytest

from sitegen.output import swap
from sitegen.output.write import MARKER


def _site(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True)
    (folder / MARKER).write_text("ours", encoding="utf-8")
    (folder / "index.html").write_text(text, encoding="utf-8")
    return folder


def test_exchange_swaps_two_folders_in_one_step(tmp_path):
    first, second = _site(tmp_path / "a", "A"), _site(tmp_path / "b", "B")
    if not swap.exchange(first, second):
        pytest.fail("renameat2 with RENAME_EXCHANGE is missing on this machine: the build falls back to two renames")
    assert (first / "index.html").read_text() == "B" and (second / "index.html").read_text() == "A"


def test_without_exchange_two_renames_and_a_kill_between_them_is_repaired(tmp_path, monkeypatch):
    out = _site(tmp_path / "out", "old")
    work = swap.work_folder(out)
    new = _site(work / "new", "new")
    monkeypatch.setattr(swap, "_renameat2", False)  # a system without the exchange
    real_rename = Path.rename

    def killed_at_the_second(self, target):
        if self == new:
            raise KeyboardInterrupt  # stands for the kill: nothing after the first rename runs
        return real_rename(self, target)

    monkeypatch.setattr(Path, "rename", killed_at_the_second)
    with pytest.raises(KeyboardInterrupt):
        swap.swap_in(new, out, work)
    monkeypatch.setattr(Path, "rename", real_rename)
    assert not out.exists()  # the instant the two renames cannot avoid
    swap.tidy(out, MARKER)  # what the next build does first
    assert (out / "index.html").read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_tidy_removes_only_our_leftovers(tmp_path):
    out = _site(tmp_path / "out", "live")
    for name in (".out.build-x1", ".out.new-x2", ".out.old-x3", ".out.search"):
        _site(tmp_path / name, "left")
    _site(tmp_path / ".other.build-x4", "someone else's")
    (tmp_path / "unrelated").mkdir()
    swap.tidy(out, MARKER)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".other.build-x4", "out", "unrelated"]
    assert (out / "index.html").read_text() == "live"
