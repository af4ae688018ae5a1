"""The pipeline's contract (pipeline/contract/) against dvc.yaml, params.yaml and DVC itself."""

from __future__ import annotations

import copy
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from pipeline import contract
from pipeline.contract import (
    ARTEFACTS,
    STAGES,
    ParamsView,
    UndeclaredParamError,
    dvc_yaml,
    param_leaves,
    stage_params,
    stages_reading,
)

ROOT = Path(__file__).resolve().parents[2]
PARAMS = yaml.safe_load((ROOT / "params.yaml").read_text(encoding="utf-8"))


def test_committed_dvc_yaml_is_the_generated_one():
    assert (ROOT / "dvc.yaml").read_text(encoding="utf-8") == dvc_yaml(PARAMS, ROOT)


def test_every_artefact_has_one_writer_and_every_write_is_an_artefact():
    written = {}
    for stage in STAGES.values():
        for name in stage.writes:
            assert name in ARTEFACTS, (stage.name, name)
            assert ARTEFACTS[name].writer == stage.name, (stage.name, name)
            assert name not in written, f"{name} written by {written.get(name)} and {stage.name}"
            written[name] = stage.name
        for read in stage.reads:
            assert read.rstrip("*") in ARTEFACTS, (stage.name, read)
    for art in ARTEFACTS.values():
        if art.writer is not None:
            assert art.name in written, f"{art.name}: its writer {art.writer} does not declare it"


def test_declared_params_exist_in_params_yaml():
    leaves = param_leaves(PARAMS)
    for stage in STAGES.values():
        for key in stage.params:
            assert any(leaf == key or leaf.startswith(key + ".") for leaf in leaves), (
                stage.name, key)


def test_every_param_is_read_by_some_stage():
    unread = [leaf for leaf in param_leaves(PARAMS) if not stages_reading(leaf)]
    assert unread == []


def test_view_refuses_undeclared_keys_even_with_a_default():
    view = stage_params(PARAMS, "trends")
    assert view["estimation"]["alpha"] == PARAMS["estimation"]["alpha"]
    with pytest.raises(UndeclaredParamError, match=r"estimation\.small_n"):
        view["estimation"].get("small_n", 30)
    with pytest.raises(UndeclaredParamError, match="'seed'"):
        view["seed"]
    assert "seed" not in view and "disclosure" not in dict(view)


def test_view_records_leaves_and_spreads():
    view = ParamsView({"w": {"a": 1, "b": {"c": 2}}, "z": 0}, "s", ("w",))
    spread = {**view["w"]}
    assert spread["a"] == 1
    assert view.read == {"w.a", "w.b"} or view.read >= {"w.a"}
    dict(view["w"]["b"])
    assert "w.b.c" in view.read
    assert "z" not in view.read


def test_demo_only_stage_left_out_for_another_source(tmp_path):
    params = copy.deepcopy(PARAMS)
    params["data"]["source"] = "gemeente_x"
    params["waves"] = [2028]
    for folder in ("pipeline", "notebooks"):
        (tmp_path / folder).symlink_to(ROOT / folder)
    (tmp_path / "config" / "sources" / "gemeente_x").mkdir(parents=True)
    (tmp_path / "config" / "sources" / "gemeente_x" / "hr.yml").write_text("columns: {}\n")
    for sub in ("survey", "hr"):
        (tmp_path / "data" / "raw" / "gemeente_x" / sub).mkdir(parents=True)
    text = dvc_yaml(params, tmp_path)
    stages = yaml.safe_load(text)["stages"]
    assert "synth" not in stages
    assert set(stages) == {"clean_hr", "clean_cbs", "clean_survey_2028", "estimates_2028",
                           "trends", "publication", "report_2028", "index"}
    assert "demo" not in text
    # optional inputs that are absent are not dependencies
    assert "data/raw/gemeente_x/cbs" not in text
    assert "config/sources/gemeente_x/waves/2028.yml" not in text


def test_a_missing_required_input_is_one_line_naming_it(tmp_path):
    from pipeline.contract.dvcfile import MissingInputError

    params = copy.deepcopy(PARAMS)
    params["data"]["source"] = "gemeente_x"
    with pytest.raises(MissingInputError, match="data/raw/gemeente_x/hr") as info:
        dvc_yaml(params, ROOT)
    assert "\n" not in str(info.value) and "create it" in str(info.value)


def _mutated(value):
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + 1
    if isinstance(value, float):
        return value * 1.1 + 0.01
    if isinstance(value, str):
        return value + "x"
    if isinstance(value, list):
        return [*value, value[-1]] if value else [1]
    if isinstance(value, dict):
        return {**value, "extra_key": 1}
    return 1


def _set(params, dotted, value):
    node = params
    *parents, last = dotted.split(".")
    for key in parents:
        node = node[key]
    node[last] = value


def _get(params, dotted):
    node = params
    for key in dotted.split("."):
        node = node[key]
    return node


def _params_changed(status: dict) -> set[str]:
    """Stages (without wave) whose params DVC reports as changed."""
    changed = set()
    for name, entries in status.items():
        for entry in entries:
            deps = entry.get("changed deps", {}) if isinstance(entry, dict) else {}
            if "params.yaml" in deps:
                changed.add(name)
    return changed


def _base(name: str) -> str:
    for stage in STAGES:
        if name == stage or (name.startswith(stage + "_") and name[len(stage) + 1:].isdigit()):
            return stage
    return name


@pytest.mark.slow
def test_changing_any_param_marks_exactly_the_stages_that_declare_it(tmp_path):
    """Issue 12: for every key of params.yaml, `dvc status` marks exactly its stages."""
    for name in ("dvc.yaml", "dvc.lock", "params.yaml"):
        shutil.copy(ROOT / name, tmp_path / name)
    shutil.copytree(ROOT / ".dvc", tmp_path / ".dvc", ignore=shutil.ignore_patterns("tmp",
                                                                                   "cache"))
    dvc = Path(sys.executable).parent / "dvc"
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)

    def status() -> set[str]:
        out = subprocess.run([str(dvc), "status", "--json"], cwd=tmp_path, text=True,
                             capture_output=True, timeout=120)
        assert out.returncode == 0, out.stderr[-2000:]
        return _params_changed(json.loads(out.stdout or "{}"))

    assert status() == set(), "dvc.lock is not in step with params.yaml: rebuild and commit it"
    from dvc.dependency.param import ParamsDependency
    from dvc.repo import Repo

    failures = []
    with Repo(str(tmp_path)) as repo:
        # DVC's own check of a stage's params against its lock entry (what `dvc status` runs
        # for them), in one process: a CLI call per key took 130 s of the suite
        params_deps = [(stage.name, dep) for stage in repo.index.stages for dep in stage.deps
                       if isinstance(dep, ParamsDependency)]
        for leaf in param_leaves(PARAMS):
            params = copy.deepcopy(PARAMS)
            _set(params, leaf, _mutated(_get(params, leaf)))
            (tmp_path / "params.yaml").write_text(yaml.safe_dump(params, sort_keys=False),
                                                  encoding="utf-8")
            marked = {_base(name) for name, dep in params_deps if dep.status()}
            if marked != set(stages_reading(leaf)):
                failures.append((leaf, sorted(marked), stages_reading(leaf)))
    (tmp_path / "params.yaml").write_text(yaml.safe_dump(PARAMS, sort_keys=False),
                                          encoding="utf-8")
    assert status() == set()  # the CLI agrees once the keys are back
    assert failures == []
    # the index shows the targets beside the representation series (the monitor)
    assert contract.stages_reading("representation.share_12plus") == ["publication", "report",
                                                                      "index"]
    assert contract.stages_reading("representation.projection_years") == ["publication",
                                                                          "report", "index"]
