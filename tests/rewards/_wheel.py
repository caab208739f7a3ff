"""A minimal PEP 427 wheel builder for a pure-Python ``pyproject.toml`` project (test helper).

Used only where the installed setuptools cannot build wheels offline (setuptools < 70.1
without the ``wheel`` package): it packs exactly what setuptools would for the example
plugin (its packages, metadata and entry points), so ``pip install`` of the result
installs the plugin the way an index would, with no build step and no network.
"""

from __future__ import annotations

import base64
import hashlib
import sys
import zipfile
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


def _record_hash(data: bytes) -> str:
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode("ascii")


def build_wheel(project_dir: Path, out_dir: Path) -> Path:
    """Build ``<name>-<version>-py3-none-any.whl`` from ``project_dir`` into ``out_dir``."""
    meta = tomllib.loads((project_dir / "pyproject.toml").read_text(encoding="utf-8"))
    project = meta["project"]
    name, version = project["name"], project["version"]
    dist = name.replace("-", "_")
    packages = meta.get("tool", {}).get("setuptools", {}).get("packages", [])
    files: dict[str, bytes] = {}
    for package in packages:
        root = project_dir / package.replace(".", "/")
        for path in sorted(root.rglob("*.py")):
            if "__pycache__" not in path.parts:
                files[path.relative_to(project_dir).as_posix()] = path.read_bytes()
    info = f"{dist}-{version}.dist-info"
    lines = ["Metadata-Version: 2.1", f"Name: {name}", f"Version: {version}"]
    if "description" in project:
        lines.append(f"Summary: {project['description']}")
    if "requires-python" in project:
        lines.append(f"Requires-Python: {project['requires-python']}")
    lines += [f"Requires-Dist: {req}" for req in project.get("dependencies", [])]
    files[f"{info}/METADATA"] = ("\n".join(lines) + "\n").encode()
    files[f"{info}/WHEEL"] = b"Wheel-Version: 1.0\nGenerator: codegym-tests\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    groups = project.get("entry-points", {})
    entry_points = "".join(f"[{group}]\n" + "".join(f"{k} = {v}\n" for k, v in eps.items()) + "\n"
                           for group, eps in groups.items())
    files[f"{info}/entry_points.txt"] = entry_points.encode()
    files[f"{info}/top_level.txt"] = ("\n".join(p.split(".")[0] for p in packages) + "\n").encode()
    record = "".join(f"{path},{_record_hash(data)},{len(data)}\n" for path, data in files.items()) + f"{info}/RECORD,,\n"
    files[f"{info}/RECORD"] = record.encode()
    out_dir.mkdir(parents=True, exist_ok=True)
    wheel = out_dir / f"{dist}-{version}-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, data in files.items():
            archive.writestr(path, data)
    return wheel
