"""Issue 16: a misspelt name gives one line with the closest valid names, never a traceback."""

import pytest

from pipeline.errors import PipelineError
from pipeline.explore import ExploreError


@pytest.mark.parametrize(("call", "typo", "near"), [
    (lambda ex: ex.breakdown("discr_je", by="cluster"), "discr_je", "discr_ja"),
    (lambda ex: ex.breakdown("discr_ja", by="clustr"), "clustr", "cluster"),
    (lambda ex: ex.breakdown("ub_any", by="cluster", where={"gender": ["man", "vrouwen"]}),
     "vrouwen", "vrouw"),
    (lambda ex: ex.groups("herkomts"), "herkomts", "herkomst"),
    (lambda ex: ex.breakdown("ub_any", by="cluster",
                             merge={"cluster": {"x": ["Stadsbeheer", "Midelen"]}}),
     "Midelen", "Middelen"),
])
def test_a_misspelt_name_gives_one_line_with_the_closest(havenstad, call, typo, near):
    with pytest.raises(ExploreError) as caught:
        call(havenstad)
    message = str(caught.value)
    assert "\n" not in message
    assert repr(typo) in message and near in message
    assert isinstance(caught.value, PipelineError)
    assert caught.value._render_traceback_() == [f"ExploreError: {message}"]


def test_nonsense_lists_what_there_is(havenstad):
    with pytest.raises(ExploreError, match=r"geldig: .*cluster"):
        havenstad.breakdown("discr_ja", by="qqqqqqqq")


def test_an_indicator_the_wave_did_not_ask_says_so(havenstad):
    with pytest.raises(ExploreError, match=r"witness_ub.*niet gevraagd"):
        havenstad.breakdown("witness_ub", by="cluster")


def test_three_variables_are_refused(havenstad):
    with pytest.raises(ExploreError, match="één of twee"):
        havenstad.breakdown("ub_any", by=["cluster", "gender", "herkomst"])


def test_ipython_shows_the_line_without_a_traceback(havenstad):
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    shell.user_ns["ex"] = havenstad
    result = shell.run_cell('ex.breakdown("discr_ja", by="gendr")', silent=False)
    assert isinstance(result.error_in_exec, ExploreError)
