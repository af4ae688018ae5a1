"""Check byte-for-byte reproducibility (issue 12): build everything twice, compare every file.

Usage: ``python scripts/verify_repro.py [--work /tmp/verify_repro] [--keep]`` (``make
verify-repro``). Makes two throw-away clones of the working tree (committed code plus
uncommitted changes, never data or reports), runs ``dvc repro`` in each with this Python's
environment on ``PATH`` and the clone on ``PYTHONPATH``, and compares the SHA-256 of every file
under ``data/raw/demo``, ``data/processed`` and ``reports``. Prints the files that differ or
exist in one build only; exits 1 if there are any, 0 if both builds are identical.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parent
if str(SCRIPTS) not in sys.path:  # scripts/bench is the package ``bench``
    sys.path.insert(0, str(SCRIPTS))

from bench.clone import prepare_clone  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
#: Output folders compared between the builds (relative to a clone).
COMPARED = ("data/raw/demo", "data/processed", "reports")


def file_hashes(root: Path, folders: tuple[str, ...] = COMPARED) -> dict[str, str]:
    """Return the SHA-256 of every file under `folders` of `root`, by path relative to `root`.

    Parameters
    ----------
    root : pathlib.Path
        A build (project folder).
    folders : tuple of str
        Folders to hash, relative to `root`; missing ones are skipped.

    Returns
    -------
    dict of str to str
        POSIX relative path -> hex digest, sorted by path.

    Examples
    --------
    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp())
    >>> (d / "reports").mkdir()
    >>> _ = (d / "reports" / "a.txt").write_bytes(b"a")
    >>> file_hashes(d)
    {'reports/a.txt': 'ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb'}
    """
    out: dict[str, str] = {}
    for folder in folders:
        base = root / folder
        if not base.is_dir():
            continue
        for path in sorted(p for p in base.rglob("*") if p.is_file()):
            out[path.relative_to(root).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return dict(sorted(out.items()))


def compare(first: dict[str, str], second: dict[str, str]) -> list[str]:
    """Return the paths whose bytes differ or that exist in one build only.

    Examples
    --------
    >>> compare({"a": "1", "b": "2"}, {"a": "1", "b": "3", "c": "4"})
    ['b', 'c']
    """
    return sorted(p for p in first.keys() | second.keys() if first.get(p) != second.get(p))


def clone_env(clone: Path) -> dict[str, str]:
    """Environment for a build in `clone`: this Python's ``bin`` first, the clone's code.

    ``AIM_ROOT`` points the pipeline at the clone's folders; ``PYTHONPATH`` makes the clone's
    ``pipeline`` package win over an editable install (also inside the notebook kernels).
    ``SOURCE_DATE_EPOCH`` is passed through unchanged when set.

    Parameters
    ----------
    clone : pathlib.Path
        The clone.

    Returns
    -------
    dict of str to str
    """
    env = dict(os.environ)
    venv_bin = Path(sys.executable).parent  # not resolved: a venv's python is a symlink
    env["PATH"] = f"{venv_bin}{os.pathsep}{env.get('PATH', '')}"
    env["AIM_ROOT"] = str(clone)
    env["PYTHONPATH"] = str(clone)
    env["PYTHONUNBUFFERED"] = "1"
    env.pop("VIRTUAL_ENV", None)
    return env


def build(clone: Path) -> float:
    """Run ``dvc repro`` in `clone`; return the seconds it took.

    Raises
    ------
    subprocess.CalledProcessError
        If the build fails (its output is printed first).
    """
    start = time.monotonic()
    done = subprocess.run(["dvc", "repro"], cwd=clone, env=clone_env(clone),
                          capture_output=True, text=True)
    if done.returncode:
        print(done.stdout[-4000:], done.stderr[-4000:], sep="\n", file=sys.stderr)
        done.check_returncode()
    return time.monotonic() - start


def main(argv: list[str] | None = None) -> int:
    """Build twice and compare; returns the exit status (0 identical, 1 differences)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, default=Path("/tmp/verify_repro"),
                        help="folder for the two clones (replaced)")
    parser.add_argument("--keep", action="store_true", help="keep the clones afterwards")
    args = parser.parse_args(argv)
    shutil.rmtree(args.work, ignore_errors=True)
    hashes = []
    for name in ("a", "b"):
        clone = prepare_clone(args.work / name, ROOT)
        shutil.rmtree(clone / ".dvc" / "cache", ignore_errors=True)  # a cold, independent build
        seconds = build(clone)
        hashes.append(file_hashes(clone))
        print(f"build {name}: {len(hashes[-1])} files in {seconds:.0f} s ({clone})")
    differing = compare(*hashes)
    for path in differing:
        a, b = (h.get(path, "ontbreekt")[:12] for h in hashes)
        print(f"VERSCHILLEND {path}  a={a}  b={b}")
    total = len(hashes[0].keys() | hashes[1].keys())
    print(f"{total} files compared, {len(differing)} differ")
    if not args.keep:
        shutil.rmtree(args.work, ignore_errors=True)
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
