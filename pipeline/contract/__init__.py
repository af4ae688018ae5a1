"""The pipeline's contract: every artefact, every stage, what each reads and writes.

This is the ground floor of the package (it imports nothing from ``pipeline``). Stages,
notebooks and the report context take their paths from :func:`artefact_path`; ``dvc.yaml`` is
generated from :data:`STAGES` by :func:`dvc_yaml` (``python -m pipeline.contract``, which
``make reports`` runs first), and a test keeps the committed file equal to the generated one.

Vocabulary
----------
artefact
    A file or folder with a path template (``{source}``, ``{wave}``), the stage that writes it
    (``None``: an input the user supplies) and its sensitivity: ``raw`` (exports, never in
    git), ``processed`` (pseudonymised, still personal: never published), ``publishable``
    (passed the disclosure gate).
stage
    One command. It declares the artefacts it reads and writes, the configuration files it
    reads and the ``params.yaml`` keys it uses. A per-wave stage runs once per wave of
    ``params.yaml`` and is named ``<stage>_<wave>``.

How to add an artefact or a stage: ``docs/architecture.md``.
"""

from __future__ import annotations

from pipeline.contract.artefacts import (
    ARTEFACTS,
    DEMO_SOURCE,
    Artefact,
    Sensitivity,
    artefact_path,
)
from pipeline.contract.dvcfile import collapse, dvc_yaml, module_closure, stage_entries
from pipeline.contract.params import (
    TRACE_ENV,
    ParamsView,
    UndeclaredParamError,
    param_leaves,
    params_read,
    stage_params,
)
from pipeline.contract.stages import STAGES, Stage, declared, stage_of_command, stages_reading

__all__ = [
    "ARTEFACTS", "DEMO_SOURCE", "STAGES", "TRACE_ENV", "Artefact", "ParamsView", "Sensitivity",
    "Stage", "UndeclaredParamError", "artefact_path", "collapse", "declared", "dvc_yaml",
    "module_closure", "param_leaves", "params_read", "stage_entries", "stage_of_command",
    "stage_params", "stages_reading",
]
