"""Each stage reads exactly the params.yaml keys its contract entry declares (issue 12).

The run log of every stage ends with the keys it read (``pipeline.contract.ParamsView``
records them, also inside the report notebooks' kernels). Together with the params-mutation
test in tests/unit/test_contract.py this shows: a change to a key reruns exactly the stages
that read it.
"""

from __future__ import annotations

import yaml

from pipeline.contract import STAGES, param_leaves

PREFIX = "params read: "


def _reads(built, stage: str) -> set[str]:
    logs = built / "data" / "processed" / "demo" / "logs"
    names = [p for p in logs.glob("*.log")
             if p.stem == stage or (p.stem.startswith(stage + "_")
                                    and p.stem[len(stage) + 1:].isdigit())]
    assert names, f"no run log of {stage}"
    keys: set[str] = set()
    for path in names:
        lines = [line.split(PREFIX, 1)[1] for line in
                 path.read_text(encoding="utf-8").splitlines() if PREFIX in line]
        assert len(lines) == 1, path
        keys.update(k for k in lines[0].split(", ") if k and k != "none")
    return keys


def _leaves_touched(keys, leaves):
    return {leaf for leaf in leaves
            if any(leaf == k or leaf.startswith(k + ".") or k.startswith(leaf + ".")
                   for k in keys)}


def test_every_stage_reads_what_it_declares_and_nothing_else(built):
    params = yaml.safe_load((built / "params.yaml").read_text(encoding="utf-8"))
    leaves = param_leaves(params)
    problems = {}
    for stage in STAGES.values():
        read = _leaves_touched(_reads(built, stage.name), leaves)
        declared = _leaves_touched(stage.params, leaves)
        if read != declared:
            problems[stage.name] = {"declared, not read": sorted(declared - read),
                                    "read, not declared": sorted(read - declared)}
    assert problems == {}


def test_run_logs_carry_no_timestamp(built):
    import re

    for path in (built / "data" / "processed" / "demo" / "logs").glob("*.log"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}", text), path.name
