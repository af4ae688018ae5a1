"""The part of ``params.yaml`` a stage may read, and the record of what it read."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from pipeline.contract.stages import _covered, _on_the_way, declared
from pipeline.errors import PipelineError

#: Set by the report stage for its notebook kernels: each appends the keys it reads here.
TRACE_ENV = "AIM_PARAMS_TRACE"


class UndeclaredParamError(PipelineError, KeyError):
    """A stage read a ``params.yaml`` key that its contract entry does not declare."""

    def __str__(self) -> str:
        return str(self.args[0])


class ParamsView(dict):
    """The part of ``params.yaml`` that one stage declares, recording what it reads.

    A read of a key the stage does not declare raises :class:`UndeclaredParamError` (also
    through ``get`` with a default), so a stage cannot depend on a parameter that ``dvc.yaml``
    does not track. Every declared key that is read is added to :attr:`read` (shared by the
    sections below), which the stage's run log states.

    Examples
    --------
    >>> view = ParamsView({"a": {"b": 1, "c": 2}, "d": 3}, "s", ("a.b",))
    >>> view["a"]["b"], sorted(view.read)
    (1, ['a.b'])
    >>> view["a"].get("c", 0)
    Traceback (most recent call last):
    ...
    pipeline.contract.params.UndeclaredParamError: stage s reads params.yaml key 'a.c' ...
    """

    def __init__(self, data: dict[str, Any], stage: str, keys: Iterable[str],
                 prefix: str = "", read: set[str] | None = None) -> None:
        self._stage = stage
        self._keys = tuple(keys)
        self._prefix = prefix
        self.read: set[str] = read if read is not None else set()
        visible = {k: v for k, v in data.items()
                   if _covered(prefix + str(k), self._keys)
                   or _on_the_way(prefix + str(k), self._keys)}
        super().__init__(visible)
        self._all = set(data)

    def _path(self, key: Any) -> str:
        return f"{self._prefix}{key}"

    def _check(self, key: Any) -> str:
        path = self._path(key)
        if not (_covered(path, self._keys) or _on_the_way(path, self._keys)):
            raise UndeclaredParamError(
                f"stage {self._stage} reads params.yaml key '{path}' that it does not declare "
                "(add it to the stage's params in pipeline/contract/, then run "
                "`python -m pipeline.contract`)")
        return path

    def __getitem__(self, key: Any) -> Any:
        path = self._check(key)
        value = super().__getitem__(key)
        if isinstance(value, dict) and value:  # a section: its leaves are recorded when read
            return ParamsView(value, self._stage, self._keys, path + ".", self.read)
        self._record(path)
        return value

    def _record(self, path: str) -> None:
        if path in self.read:
            return
        self.read.add(path)
        trace = os.environ.get(TRACE_ENV)
        if trace:
            with open(trace, "a", encoding="utf-8") as handle:
                handle.write(path + "\n")

    def get(self, key: Any, default: Any = None) -> Any:
        """Return the value of a declared key, or `default` when params.yaml lacks it."""
        self._check(key)
        if key not in self:
            self._record(self._path(key))
            return default
        return self[key]

    def items(self) -> Iterator[tuple[Any, Any]]:  # type: ignore[override]
        """Items of the declared keys (each recorded as read)."""
        return iter([(k, self[k]) for k in super().keys()])

    def values(self) -> Iterator[Any]:  # type: ignore[override]
        """Values of the declared keys (each recorded as read)."""
        return iter([self[k] for k in super().keys()])

    def __iter__(self) -> Iterator[Any]:
        return iter(list(super().keys()))

    def copy(self) -> dict[str, Any]:  # type: ignore[override]
        """Return a plain dict of the declared keys (each recorded as read)."""
        return dict(self.items())


def stage_params(params: dict[str, Any], stage: str) -> ParamsView:
    """Return the view of `params` that `stage` may read.

    Parameters
    ----------
    params : dict
        The whole ``params.yaml``.
    stage : str
        Stage name (without wave).

    Returns
    -------
    ParamsView

    Examples
    --------
    >>> p = stage_params({"data": {"source": "x"}, "waves": [1], "seed": 3}, "index")
    >>> p["waves"], "seed" in p
    ([1], False)
    """
    view = ParamsView(params, stage, declared(stage))
    _OPENED.append(view)
    return view


_OPENED: list[ParamsView] = []


def params_read() -> list[str]:
    """Return every ``params.yaml`` key read in this process (and its traced notebooks).

    Returns
    -------
    list of str
        Sorted dotted keys.
    """
    keys = {k for view in _OPENED for k in view.read}
    trace = os.environ.get(TRACE_ENV)
    if trace and Path(trace).is_file():
        keys.update(line for line in Path(trace).read_text(encoding="utf-8").splitlines()
                    if line)
    return sorted(keys)


def param_leaves(params: dict[str, Any], prefix: str = "") -> list[str]:
    """Return every leaf key of a parameter mapping, dotted.

    Examples
    --------
    >>> param_leaves({"a": {"b": 1, "c": {"d": [1]}}, "e": 2})
    ['a.b', 'a.c.d', 'e']
    """
    out = []
    for key, value in params.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict) and value:
            out += param_leaves(value, path + ".")
        else:
            out.append(path)
    return out
