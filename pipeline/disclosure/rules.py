"""The rules of the disclosure gate, read from the ``disclosure:`` section of ``params.yaml``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

from pipeline.disclosure.errors import DisclosureRulesError

DEFAULT_SURVEY_MIN_N = 10
"""Primary suppression: fewest unweighted respondents a survey cell may show."""
DEFAULT_HR_MIN_N = 10
"""Primary suppression: smallest HR register count that may be shown."""
DEFAULT_CBS_MIN_N = 250
"""Primary suppression: smallest CBS group (staff) for which origin figures may be shown."""
DEFAULT_GROUP_DISCLOSURE_MAX_N = 50
"""0% and 100% are not shown in groups with fewer respondents than this."""
DEFAULT_MIN_NUMERATOR = 10
"""A percentage is not shown if it tells that fewer respondents than this have the outcome."""
DEFAULT_MIN_COMPLEMENT = 10
"""A percentage is not shown if it tells that fewer respondents than this lack the outcome."""
DEFAULT_MIN_BREAKDOWN_N = 30
"""A breakdown variable with fewer respondents in a wave is dropped."""
DEFAULT_ROUND_PERCENT = 0
"""Decimals of published percentages."""
DEFAULT_ROUND_COUNT = 5
"""Published counts are rounded to a multiple of this (1 = no rounding)."""
DEFAULT_ROUND_MEAN = 1
"""Decimals of published means (scale scores)."""
DEFAULT_PROTECTION_INTERVAL = 3.0
"""A suppressed count whose feasible range is narrower than this is disclosed."""

SOURCES = ("survey", "hr", "cbs")
"""Data sources with their own primary threshold."""


@dataclass(frozen=True)
class DisclosureRules:
    """Thresholds and rounding of the disclosure gate.

    Parameters
    ----------
    survey_min_n, hr_min_n, cbs_min_n : int
        Primary suppression thresholds per source: a cell with a count below the threshold
        is suppressed.
    group_disclosure_max_n : int
        A proportion of 0% or 100% in a group with fewer respondents is suppressed.
    min_numerator, min_complement : int
        A proportion is suppressed (its n stays shown) when its numerator (respondents with
        the outcome), or its complement (those without), is between 1 and this minus 1 and the
        displayed n and percentage pin it below this, or when the displayed n and percentage
        imply such a count (every source; see :mod:`pipeline.disclosure.numerator`).
    min_breakdown_n : int
        A breakdown variable with fewer respondents in a wave is dropped with a note.
    round_percent : int
        Decimals of published percentages.
    round_count : int
        Published counts are rounded to a multiple of this; 1 means no rounding.
    round_mean : int
        Decimals of published means.
    protection_interval : float
        The audit flags a suppressed count whose range of feasible values is narrower.

    Examples
    --------
    >>> rules = DisclosureRules.from_params({"survey_min_n": 10, "cbs_min_n": 250})
    >>> rules.min_n("cbs"), rules.round_count, rules.min_numerator, rules.min_complement
    (250, 5, 10, 10)
    >>> DisclosureRules.from_params({"survey_min_n": 0})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    pipeline.disclosure.errors.DisclosureRulesError: disclosure.survey_min_n must be ..., got 0
    """

    survey_min_n: int = DEFAULT_SURVEY_MIN_N
    hr_min_n: int = DEFAULT_HR_MIN_N
    cbs_min_n: int = DEFAULT_CBS_MIN_N
    group_disclosure_max_n: int = DEFAULT_GROUP_DISCLOSURE_MAX_N
    min_numerator: int = DEFAULT_MIN_NUMERATOR
    min_complement: int = DEFAULT_MIN_COMPLEMENT
    min_breakdown_n: int = DEFAULT_MIN_BREAKDOWN_N
    round_percent: int = DEFAULT_ROUND_PERCENT
    round_count: int = DEFAULT_ROUND_COUNT
    round_mean: int = DEFAULT_ROUND_MEAN
    protection_interval: float = DEFAULT_PROTECTION_INTERVAL

    def __post_init__(self) -> None:
        minimum = {"round_percent": 0, "round_mean": 0}
        for item in fields(self):
            value = getattr(self, item.name)
            if item.name == "protection_interval":
                ok = (
                    isinstance(value, int | float)
                    and not isinstance(value, bool)
                    and value > 0
                    and value == value
                )
                if not ok:
                    raise DisclosureRulesError(
                        f"disclosure.{item.name} must be a number > 0, got {value!r}"
                    )
                continue
            low = minimum.get(item.name, 1)
            if isinstance(value, bool) or not isinstance(value, int) or value < low:
                raise DisclosureRulesError(
                    f"disclosure.{item.name} must be an integer >= {low}, got {value!r}"
                )
        if self.round_percent > 4 or self.round_mean > 4:
            raise DisclosureRulesError(
                "disclosure.round_percent and disclosure.round_mean must be at most 4, got "
                f"{self.round_percent!r} and {self.round_mean!r}"
            )

    @classmethod
    def from_params(cls, params: Mapping[str, Any] | None) -> DisclosureRules:
        """Build the rules from the ``disclosure:`` mapping of ``params.yaml``.

        Parameters
        ----------
        params : Mapping or None
            The ``disclosure:`` section; missing keys take the documented defaults.

        Returns
        -------
        DisclosureRules

        Raises
        ------
        DisclosureRulesError
            If a key is unknown or a value is out of range; the message names the key.

        Examples
        --------
        >>> DisclosureRules.from_params(None) == DisclosureRules()
        True
        >>> DisclosureRules.from_params({"min_n": 10})  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        pipeline.disclosure.errors.DisclosureRulesError: unknown key disclosure.min_n; known ...
        """
        if params is None:
            return cls()
        if not isinstance(params, Mapping):
            raise DisclosureRulesError(
                f"disclosure must be a mapping of rules, got {type(params).__name__}"
            )
        known = [item.name for item in fields(cls)]
        for key in params:
            if key not in known:
                raise DisclosureRulesError(
                    f"unknown key disclosure.{key}; known keys: {', '.join(known)}"
                )
        return cls(**dict(params))

    def min_n(self, source: str) -> int:
        """Return the primary suppression threshold of a data source.

        Parameters
        ----------
        source : {"survey", "hr", "cbs"}
            Where the counts come from.

        Returns
        -------
        int
            Cells with a count below this are suppressed.

        Examples
        --------
        >>> DisclosureRules().min_n("hr")
        10
        >>> DisclosureRules().min_n("register")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        pipeline.disclosure.errors.DisclosureRulesError: source must be one of ..., got 'register'
        """
        if source not in SOURCES:
            raise DisclosureRulesError(
                f"source must be one of {', '.join(SOURCES)}, got {source!r}"
            )
        return int(getattr(self, f"{source}_min_n"))
