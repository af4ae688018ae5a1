"""The disclosure rules the attacks test against, read from ``params.yaml`` (``disclosure:``).

Read with plain YAML, not with the pipeline's ``DisclosureRules``: the rules are being extended
(``min_numerator``, ``min_complement``) and the attacks must not depend on which keys the gate
already knows. Missing keys fall back to the documented defaults.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

DEFAULTS = {
    "survey_min_n": 10,
    "hr_min_n": 10,
    "cbs_min_n": 250,
    "round_count": 5,
    "round_percent": 0,
    "protection_interval": 3,
    "min_numerator": 10,
    "min_complement": 10,
}


@dataclass(frozen=True)
class AttackRules:
    """Thresholds and rounding the published tables claim to respect.

    Examples
    --------
    >>> rules = AttackRules()
    >>> rules.min_n("cbs"), rules.min_numerator, rules.round_count
    (250, 10, 5)
    """

    survey_min_n: int = DEFAULTS["survey_min_n"]
    hr_min_n: int = DEFAULTS["hr_min_n"]
    cbs_min_n: int = DEFAULTS["cbs_min_n"]
    round_count: int = DEFAULTS["round_count"]
    round_percent: int = DEFAULTS["round_percent"]
    protection_interval: float = DEFAULTS["protection_interval"]
    min_numerator: int = DEFAULTS["min_numerator"]
    min_complement: int = DEFAULTS["min_complement"]

    @classmethod
    def from_params(cls, path: Path) -> AttackRules:
        """Read ``disclosure:`` of a ``params.yaml``; absent keys take the defaults."""
        params = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
        section = params.get("disclosure") or {}
        values = {key: section.get(key, default) for key, default in DEFAULTS.items()}
        return cls(**values)

    def min_n(self, source: str) -> int:
        """Primary threshold of a source (``survey``, ``hr`` or ``cbs``)."""
        return int(getattr(self, f"{source}_min_n"))
