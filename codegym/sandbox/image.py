"""Building the sandbox image: ``codegym sandbox build``.

The image holds python3, pytest, the stdlib-only runner and precompiled ``.pyc`` files.
Its tag carries a hash of everything that goes into it, so an unchanged image is never
rebuilt. Where a Python base image is present on the engine (``python:3.X-slim`` pulled
from a registry) it is used; otherwise a minimal Debian is bootstrapped with
debootstrap from the mirror this machine's own apt configuration names, and imported.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import shutil
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from codegym.errors import ImageBuildError

RUNNER_PATH = Path(__file__).with_name("runner.py")
IMAGE_REPO = "codegym-sandbox"
BASE_REPO = "codegym-base"
SANDBOX_UID = 10001
DEBIAN_SUITE = "bookworm"
DEBIAN_PACKAGES = ("python3", "python3-pytest")
REGISTRY_BASES = ("python:3.12-slim", "python:3.11-slim")

_DOCKERFILE = """\
FROM {base}
RUN {install_pytest}\\
    (getent group sandbox || groupadd -g {uid} sandbox) && \\
    (id sandbox || useradd -u {uid} -g {uid} -M -d /workspace -s /usr/sbin/nologin sandbox)
COPY runner.py /opt/codegym/runner.py
RUN PY=$(command -v python3) && ln -sf "$PY" /opt/codegym/python && \\
    python3 -m compileall -q -j 0 /opt/codegym $(python3 -c 'import sys; print(" ".join(p for p in sys.path if p.startswith("/usr")))') || true
LABEL codegym.image=1 codegym.runner={runner_hash}
USER {uid}:{uid}
WORKDIR /workspace
ENTRYPOINT ["/opt/codegym/python", "-X", "frozen_modules=on", "/opt/codegym/runner.py", "--pid1", "--workspace", "/workspace"]
"""


@dataclass(frozen=True)
class ImageSpec:
    """What an image is built from; ``tag`` hashes all of it."""

    base: str
    base_id: str

    @property
    def tag(self) -> str:
        digest = hashlib.sha256()
        digest.update(RUNNER_PATH.read_bytes())
        digest.update(_dockerfile(self.base).encode())
        digest.update(self.base_id.encode())
        return f"{IMAGE_REPO}:{digest.hexdigest()[:12]}"


def _dockerfile(base: str) -> str:
    install = "" if "codegym-base" in base else "pip install --no-cache-dir pytest && "
    return _DOCKERFILE.format(base=base, uid=SANDBOX_UID, install_pytest=install, runner_hash=runner_hash())


def runner_hash() -> str:
    """Hash of the in-container runner; the image carries it as a label to detect staleness."""
    return hashlib.sha256(RUNNER_PATH.read_bytes()).hexdigest()[:16]


def apt_mirror(config_dir: Path = Path("/etc/apt")) -> str:
    """The Debian mirror this machine's apt configuration uses for the main archive.

    Reads deb822 ``*.sources`` files and one-line ``sources.list`` entries; raises
    :class:`ImageBuildError` when none is configured.
    """
    candidates: list[str] = []
    for path in sorted((config_dir / "sources.list.d").glob("*.sources")):
        for stanza in path.read_text(errors="replace").split("\n\n"):
            fields = dict(
                (k.strip().lower(), v.strip())
                for k, v in (line.split(":", 1) for line in stanza.splitlines() if ":" in line and not line.startswith("#"))
            )
            suites = fields.get("suites", "").split()
            if any(s == DEBIAN_SUITE or s.endswith(("-updates",)) and s.startswith(DEBIAN_SUITE) for s in suites) and "security" not in " ".join(suites):
                candidates.extend(fields.get("uris", "").split())
    for path in [config_dir / "sources.list", *sorted((config_dir / "sources.list.d").glob("*.list"))]:
        if path.exists():
            for line in path.read_text(errors="replace").splitlines():
                match = re.match(r"^\s*deb\s+(?:\[[^\]]*\]\s+)?(\S+)\s+(\S+)", line)
                if match and match.group(2) == DEBIAN_SUITE:
                    candidates.append(match.group(1))
    for uri in candidates:
        if "security" not in uri:
            return uri
    raise ImageBuildError(
        f"no Debian mirror for '{DEBIAN_SUITE}' found in {config_dir}; add one to the apt "
        "configuration, or pull a Python base image (e.g. `docker pull python:3.12-slim`) "
        "and run `codegym sandbox build --base python:3.12-slim`"
    )


def _image_id(client, ref: str) -> str | None:
    import docker.errors

    try:
        return client.images.get(ref).id
    except docker.errors.ImageNotFound:
        return None


def _bootstrap_debian(client, log: Callable[[str], None]) -> str:
    """debootstrap a minimal Debian with python3 and pytest, import it, return its tag."""
    key = hashlib.sha256(f"{DEBIAN_SUITE}:{','.join(DEBIAN_PACKAGES)}".encode()).hexdigest()[:12]
    tag = f"{BASE_REPO}:{DEBIAN_SUITE}-{key}"
    if _image_id(client, tag):
        return tag
    if shutil.which("debootstrap") is None:
        raise ImageBuildError(
            "no Python base image on the engine and debootstrap is not installed: "
            "`apt-get install -y debootstrap` (as root), or pull python:3.12-slim"
        )
    if os.geteuid() != 0:
        raise ImageBuildError("bootstrapping the Debian base needs root: run `sudo codegym sandbox build`")
    mirror = apt_mirror()
    with tempfile.TemporaryDirectory(prefix="codegym-rootfs-") as tmp:
        root = Path(tmp) / "rootfs"
        log(f"bootstrapping Debian {DEBIAN_SUITE} (minbase + {', '.join(DEBIAN_PACKAGES)}) …")
        cmd = [
            "debootstrap", "--variant=minbase", f"--include={','.join(DEBIAN_PACKAGES)}",
            DEBIAN_SUITE, str(root), mirror,
        ]
        proc = subprocess.run(cmd, capture_output=True, text=True)
        if proc.returncode != 0:
            raise ImageBuildError(f"debootstrap failed (exit {proc.returncode}): {proc.stderr[-2000:] or proc.stdout[-2000:]}")
        for junk in ("var/cache/apt/archives", "var/lib/apt/lists", "usr/share/doc", "usr/share/man"):
            shutil.rmtree(root / junk, ignore_errors=True)
        log("importing the root filesystem …")
        tar_path = Path(tmp) / "rootfs.tar"
        subprocess.run(["tar", "-C", str(root), "-cf", str(tar_path), "."], check=True)
        with open(tar_path, "rb") as fh:
            client.api.import_image_from_data(fh.read(), repository=BASE_REPO, tag=tag.split(":", 1)[1])
    if not _image_id(client, tag):
        raise ImageBuildError(f"importing the bootstrapped base as {tag} failed")
    return tag


def resolve_base(client, base: str = "auto", log: Callable[[str], None] = print) -> ImageSpec:
    """Pick the base image: an explicit one, a local Python image, or a bootstrapped Debian."""
    if base != "auto":
        if not _image_id(client, base):
            log(f"pulling {base} …")
            try:
                client.images.pull(base)
            except Exception as exc:  # docker raises several kinds here
                raise ImageBuildError(f"base image {base!r} is not on the engine and could not be pulled: {exc}") from exc
        return ImageSpec(base, _image_id(client, base) or "")
    for candidate in REGISTRY_BASES:
        image_id = _image_id(client, candidate)
        if image_id:
            return ImageSpec(candidate, image_id)
    tag = _bootstrap_debian(client, log)
    return ImageSpec(tag, _image_id(client, tag) or "")


def build_image(client, base: str = "auto", force: bool = False, log: Callable[[str], None] = print) -> str:
    """Build the sandbox image if its inputs changed; return its tag.

    Example:
        >>> import docker
        >>> build_image(docker.from_env())  # doctest: +SKIP
        'codegym-sandbox:1a2b3c4d5e6f'
    """
    spec = resolve_base(client, base, log)
    tag = spec.tag
    if not force and _image_id(client, tag):
        log(f"image {tag} is up to date")
        _tag_latest(client, tag)
        return tag
    log(f"building {tag} on {spec.base} …")
    context = io.BytesIO()
    with tarfile.open(fileobj=context, mode="w") as tar:
        for name, data in (("Dockerfile", _dockerfile(spec.base).encode()), ("runner.py", RUNNER_PATH.read_bytes())):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            info.mode = 0o644
            tar.addfile(info, io.BytesIO(data))
    context.seek(0)
    try:
        client.images.build(fileobj=context, custom_context=True, tag=tag, rm=True, forcerm=True,
            network_mode="none" if spec.base.startswith(BASE_REPO) else None,
        )
    except Exception as exc:
        raise ImageBuildError(f"building {tag} failed: {exc}") from exc
    _tag_latest(client, tag)
    log(f"built {tag}")
    return tag


def _tag_latest(client, tag: str) -> None:
    client.images.get(tag).tag(IMAGE_REPO, "latest")


def current_tag() -> str:
    """The tag the current sources would build, without touching the engine's base lookup."""
    return f"{IMAGE_REPO}:latest"
