from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import pipeline.disclosure

MODULES = sorted(
    f"pipeline.disclosure.{m.name}" for m in pkgutil.iter_modules(pipeline.disclosure.__path__)
)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0


def test_every_module_has_examples():
    without = [
        name for name in MODULES
        if name.rsplit(".", 1)[1] not in {"errors", "published"}
        and doctest.testmod(importlib.import_module(name)).attempted == 0
    ]
    assert without == []
