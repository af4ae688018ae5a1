"""Pseudonymisation: identifiers replaced by a keyed hash (HMAC-SHA256) before any write.

The key comes from the environment variable ``AIM_PSEUDO_KEY`` or from a key file named by
``AIM_PSEUDO_KEY_FILE`` (a file outside the repository, readable only by the analysts). The
demo data (``data.source: demo``) may use :data:`DEMO_KEY`, which is public and documented here;
it is refused for any other source, and a real source without a key stops the stage.
The same key gives the same pseudonym, so HR snapshots stay linkable across years.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from pipeline.ingest.errors import IngestError

KEY_ENV = "AIM_PSEUDO_KEY"
KEY_FILE_ENV = "AIM_PSEUDO_KEY_FILE"
#: Public key for the synthetic demo only (never for real data).
DEMO_KEY = b"amsterdam-inclusie-monitor-demo-key-not-secret"
PSEUDONYM_LENGTH = 32  # characters (128 bits)
# Hex digits written as the letters a-p: a pseudonym holds no digits, so a grep for a raw
# (numeric) identifier can never match inside a pseudonym by chance.
_LETTERS = str.maketrans("0123456789abcdef", "abcdefghijklmnop")
_REPO = Path(__file__).resolve().parents[2]


def resolve_key(source: str, env: Mapping[str, str] | None = None) -> bytes:
    """Return the pseudonymisation key for data source `source`.

    Parameters
    ----------
    source : str
        ``data.source`` from params (``demo`` or a real source folder).
    env : mapping, optional
        Environment (``os.environ`` by default).

    Returns
    -------
    bytes

    Raises
    ------
    IngestError
        If a real source has no key, uses the demo key, or the key file is missing, empty or
        inside the repository.

    Examples
    --------
    >>> resolve_key("demo", env={}) == DEMO_KEY
    True
    >>> resolve_key("echt", env={"AIM_PSEUDO_KEY": "s3cret-key-of-enough-length"})
    b's3cret-key-of-enough-length'
    >>> try:
    ...     resolve_key("echt", env={})
    ... except IngestError as exc:
    ...     print(exc.problem)
    real data needs a key in AIM_PSEUDO_KEY or AIM_PSEUDO_KEY_FILE
    """
    env = os.environ if env is None else env
    key: bytes | None = None
    if env.get(KEY_ENV):
        key = env[KEY_ENV].encode("utf-8")
    elif env.get(KEY_FILE_ENV):
        path = Path(env[KEY_FILE_ENV]).expanduser().resolve()
        if path.is_relative_to(_REPO):
            raise IngestError(path, "key file must be outside the repository", KEY_FILE_ENV)
        if not path.is_file():
            raise IngestError(path, "key file not found", KEY_FILE_ENV)
        key = path.read_bytes().strip()
        if not key:
            raise IngestError(path, "key file is empty", KEY_FILE_ENV)
    if source == "demo":
        return key or DEMO_KEY
    if key is None:
        raise IngestError("params.yaml", f"real data needs a key in {KEY_ENV} or {KEY_FILE_ENV}",
                          "data.source")
    if hmac.compare_digest(key, DEMO_KEY):
        raise IngestError("params.yaml", "the public demo key may not be used for real data",
                          "data.source")
    if len(key) < 16:
        raise IngestError("params.yaml", "pseudonymisation key is shorter than 16 bytes",
                          "data.source")
    return key


def pseudonym(value: object, key: bytes, domain: str) -> object:
    """Return the keyed hash of one identifier (NA stays NA).

    Parameters
    ----------
    value : object
        Identifier (its text form is hashed, stripped; ``1.0`` and ``"1"`` agree).
    key : bytes
        Secret key.
    domain : str
        Separates id spaces (``hr`` for employees, ``survey:<wave>`` for respondents).

    Returns
    -------
    str or NA
        32 letters ``a``-``p`` (the first 128 bits of the HMAC, hex digits spelled as letters).

    Examples
    --------
    >>> pseudonym("100234", DEMO_KEY, "hr") == pseudonym(100234, DEMO_KEY, "hr")
    True
    >>> p = pseudonym("100234", DEMO_KEY, "hr")
    >>> len(p), p.isalpha()
    (32, True)
    """
    from pipeline.ingest.mapping import raw_key

    text = raw_key(value)
    if text is None:
        return pd.NA
    digest = hmac.new(key, f"{domain}:{text}".encode(), hashlib.sha256).hexdigest()
    return digest[:PSEUDONYM_LENGTH].translate(_LETTERS)


def pseudonymise(frame: pd.DataFrame, column: str, key: bytes, domain: str) -> pd.DataFrame:
    """Return a copy of `frame` with `column` replaced by its keyed hash.

    Parameters
    ----------
    frame : pandas.DataFrame
        Table with an identifier column. Not modified.
    column : str
        Identifier column (``resp_id``, ``employee_id``).
    key : bytes
        Secret key (:func:`resolve_key`).
    domain : str
        Id space (``hr``, ``survey:2024``).

    Returns
    -------
    pandas.DataFrame

    Examples
    --------
    >>> df = pd.DataFrame({"employee_id": ["1", "1", "2"]})
    >>> out = pseudonymise(df, "employee_id", DEMO_KEY, "hr")
    >>> out["employee_id"].nunique(), df["employee_id"].tolist()
    (2, ['1', '1', '2'])
    """
    out = frame.copy()
    from pipeline.ingest.distinct import map_distinct

    out[column] = pd.Series(map_distinct(frame[column], lambda v: pseudonym(v, key, domain)),
                            index=frame.index, dtype="string")
    return out
