"""Image build inputs: the apt mirror, idempotent rebuilds, stale images refused."""

from __future__ import annotations

import pytest

from codegym.errors import ImageBuildError, ImageMissingError
from codegym.sandbox.engine import resolve_image
from codegym.sandbox.image import IMAGE_REPO, apt_mirror, build_image


def test_mirror_from_deb822_sources(tmp_path):
    (tmp_path / "sources.list.d").mkdir()
    (tmp_path / "sources.list.d" / "debian.sources").write_text(
        "Types: deb\nURIs: http://mirror.example.invalid/debian\nSuites: bookworm bookworm-updates\nComponents: main\n\n"
        "Types: deb\nURIs: http://mirror.example.invalid/debian-security\nSuites: bookworm-security\nComponents: main\n"
    )
    assert apt_mirror(tmp_path) == "http://mirror.example.invalid/debian"


def test_mirror_from_one_line_sources(tmp_path):
    (tmp_path / "sources.list.d").mkdir()
    (tmp_path / "sources.list").write_text("# comment\ndeb [arch=amd64] http://other.example.invalid/debian bookworm main\n")
    assert apt_mirror(tmp_path) == "http://other.example.invalid/debian"


def test_no_mirror_is_a_clear_error(tmp_path):
    (tmp_path / "sources.list.d").mkdir()
    with pytest.raises(ImageBuildError, match="no Debian mirror.*--base"):
        apt_mirror(tmp_path)


def test_rebuild_only_when_inputs_change(docker_api):
    messages: list[str] = []
    tag = build_image(docker_api, log=messages.append)
    assert tag.startswith(f"{IMAGE_REPO}:")
    assert any("up to date" in m for m in messages)
    assert docker_api.images.get(f"{IMAGE_REPO}:latest").id == docker_api.images.get(tag).id


def test_stale_image_refused(docker_api, monkeypatch):
    base = docker_api.images.get(f"{IMAGE_REPO}:latest").labels.get("codegym.runner")
    assert base  # the current image carries the runner hash
    monkeypatch.setattr("codegym.sandbox.engine.runner_hash", lambda: "0" * 16)
    with pytest.raises(ImageMissingError, match="older runner.*codegym sandbox build"):
        resolve_image(docker_api)
