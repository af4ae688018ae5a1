"""Issue 16: nothing public of an explorer or of its results returns respondent rows."""

import inspect

import pandas as pd
import pytest

from pipeline.explore import Explorer, Result

CALLS = {
    "breakdown": [("discr_ja",), {"by": "cluster"}],
    "groups": [("cluster",), {}],
    "reportable": [(), {"by": "cluster"}],
    "at": [(2030,), {}],
    "to_excel": None, "to_csv": None, "load": None, "register": None, "representation": None,
    "targets": None, "flows": None, "change": None,
}


def frames_reachable(root: object, n_rows: int, tmp_path) -> list[tuple[str, pd.DataFrame]]:
    """Walk every public attribute and callable of an explorer and its results."""
    found: list[tuple[str, pd.DataFrame]] = []
    seen: set[int] = set()

    def walk(obj: object, path: str, depth: int) -> None:
        if id(obj) in seen or depth > 4:
            return
        seen.add(id(obj))
        if isinstance(obj, pd.DataFrame | pd.Series):
            found.append((path, obj.to_frame() if isinstance(obj, pd.Series) else obj))
            return
        if isinstance(obj, str | int | float | bool | bytes | type(None)):
            return
        if isinstance(obj, list | tuple | set | frozenset):
            for i, item in enumerate(list(obj)[:200]):
                walk(item, f"{path}[{i}]", depth + 1)
            return
        if isinstance(obj, dict):
            for k, v in list(obj.items())[:200]:
                walk(v, f"{path}[{k!r}]", depth + 1)
            return
        if not type(obj).__module__.startswith("pipeline"):
            return
        for name in dir(obj):
            if name.startswith("_"):
                continue
            try:
                value = getattr(obj, name)
            except Exception:  # a property that refuses is no leak
                continue
            if callable(value):
                spec = CALLS.get(name, "missing")
                if spec is None:
                    continue
                if spec == "missing":
                    try:
                        required = [p for p in inspect.signature(value).parameters.values()
                                    if p.default is p.empty and p.kind in (p.POSITIONAL_ONLY,
                                                                           p.POSITIONAL_OR_KEYWORD)]
                    except (TypeError, ValueError):
                        continue
                    if required:
                        continue
                    args, kwargs = (), {}
                else:
                    args, kwargs = spec
                try:
                    value = value(*args, **kwargs)
                except Exception:  # a refused call is no leak
                    continue
            walk(value, f"{path}.{name}", depth + 1)

    walk(root, "ex", 0)
    del n_rows, tmp_path
    return found


def test_no_public_path_returns_respondent_rows(havenstad, tmp_path):
    n = havenstad._design.n
    results = [havenstad.breakdown("discr_ja", by="cluster", test=True),
               havenstad.breakdown("ub_any", by=["cluster", "gender"]),
               havenstad.breakdown("ps_score", by="herkomst", where={"gender": "vrouw"})]
    frames = frames_reachable(havenstad, n, tmp_path)
    for result in results:
        frames += frames_reachable(result, n, tmp_path)
    assert frames, "the walk found no frames at all"
    for path, frame in frames:
        assert len(frame) < 100, f"{path} returns {len(frame)} rows"
        assert not {"discr_ja", "ub_any", "ps_score"} & set(map(str, frame.columns)), path


def test_the_design_is_not_an_attribute(havenstad):
    assert not hasattr(havenstad, "design")
    assert not hasattr(havenstad, "data")
    with pytest.raises(AttributeError):
        havenstad.anything = 1  # __slots__: no public place to hang data on
    assert isinstance(havenstad.breakdown("discr_ja", by="cluster"), Result)
    assert repr(havenstad) == "Explorer(wave=2030)"
    assert Explorer.__slots__
