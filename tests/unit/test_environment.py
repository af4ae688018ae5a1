"""The conda environment mirrors the pip lock file exactly."""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def _lock_pins() -> set[str]:
    lines = (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines()
    return {line.strip().lower() for line in lines if line.strip() and not line.startswith("#")}


def test_environment_yml_lists_the_same_pins_as_the_lock():
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    pins = {p.strip().lower() for p in pip_section if not p.startswith("-e")}
    assert pins == _lock_pins()
    assert "python=3.11" in env["dependencies"]


def test_every_lock_line_is_an_exact_pin():
    assert all("==" in pin for pin in _lock_pins())


def test_direct_dependencies_are_pinned_in_the_lock():
    direct = [line.split("#")[0].strip().lower() for line in
              (ROOT / "requirements.in").read_text(encoding="utf-8").splitlines()]
    pinned = {pin.split("==")[0].replace("_", "-") for pin in _lock_pins()}
    missing = [d for d in direct if d and d.replace("_", "-") not in pinned]
    assert not missing
