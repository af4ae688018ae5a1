"""The synthetic organisation: clusters, directies and their relative sizes.

Names follow the City of Amsterdam's structure (clusters of directies, seven stadsdelen plus
Weesp). Sizes are relative weights; the workforce module scales them to the requested headcount.
Each directie carries a mild "climate" effect on unwanted behaviour and a response-rate effect, so
that breakdowns by unit differ and weighting matters.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class Directie:
    """One directie of the synthetic organisation.

    Attributes
    ----------
    name : str
        Directie name as it appears in the HR register.
    cluster : str
        Cluster the directie belongs to.
    weight : float
        Relative headcount.
    low_scale : float
        Shift towards lower salary scales (positive) or higher ones (negative).
    climate : float
        Log-odds shift of unwanted behaviour in this directie.
    response : float
        Log-odds shift of survey response in this directie.
    """

    name: str
    cluster: str
    weight: float
    low_scale: float = 0.0
    climate: float = 0.0
    response: float = 0.0


DIRECTIES: tuple[Directie, ...] = (
    # Sociaal
    Directie("Werk, Participatie en Inkomen", "Sociaal", 6.5, 0.6, 0.25, -0.10),
    Directie("Onderwijs", "Sociaal", 1.4, -0.2, 0.0, 0.15),
    Directie("Jeugd", "Sociaal", 1.6, 0.0, 0.05, 0.10),
    Directie("Zorg", "Sociaal", 1.5, 0.0, 0.05, 0.05),
    Directie("Sport en Bos", "Sociaal", 1.5, 0.8, 0.15, -0.30),
    Directie("GGD", "Sociaal", 5.5, 0.1, 0.10, 0.00),
    Directie("Armoede en Schulden", "Sociaal", 0.9, 0.2, 0.05, 0.00),
    Directie("Samenleving", "Sociaal", 0.8, -0.1, 0.00, 0.10),
    # Ruimte en Economie
    Directie("Ruimte en Duurzaamheid", "Ruimte en Economie", 2.2, -0.5, -0.10, 0.20),
    Directie("Economische Zaken", "Ruimte en Economie", 0.8, -0.5, -0.10, 0.15),
    Directie("Wonen", "Ruimte en Economie", 1.2, -0.3, -0.05, 0.10),
    Directie("Grond en Ontwikkeling", "Ruimte en Economie", 1.3, -0.5, -0.10, 0.15),
    Directie("Verkeer en Openbare Ruimte", "Ruimte en Economie", 3.0, 0.1, 0.05, 0.00),
    Directie("Ingenieursbureau", "Ruimte en Economie", 3.4, -0.4, 0.00, 0.05),
    Directie("Metro en Tram", "Ruimte en Economie", 1.4, -0.2, 0.05, 0.00),
    Directie("Cultuur", "Ruimte en Economie", 0.6, -0.3, -0.05, 0.15),
    Directie("Afval en Grondstoffen", "Ruimte en Economie", 4.5, 1.0, 0.30, -0.45),
    Directie("Water", "Ruimte en Economie", 0.7, 0.0, 0.00, 0.00),
    # Bedrijfsvoering
    Directie("Personeel en Organisatie", "Bedrijfsvoering", 1.8, -0.2, -0.05, 0.20),
    Directie("Financien", "Bedrijfsvoering", 1.5, -0.2, -0.05, 0.15),
    Directie("Inkoop", "Bedrijfsvoering", 0.7, -0.2, -0.05, 0.10),
    Directie("Informatievoorziening", "Bedrijfsvoering", 2.6, -0.3, 0.00, 0.05),
    Directie("Facilitair Bureau", "Bedrijfsvoering", 1.6, 0.7, 0.15, -0.25),
    Directie("Juridische Zaken", "Bedrijfsvoering", 0.7, -0.6, -0.10, 0.20),
    Directie("Belastingen", "Bedrijfsvoering", 1.5, 0.2, 0.00, 0.00),
    # Dienstverlening en Informatie
    Directie("Dienstverlening", "Dienstverlening en Informatie", 2.3, 0.5, 0.20, -0.15),
    Directie("Parkeren", "Dienstverlening en Informatie", 1.0, 0.5, 0.15, -0.10),
    Directie("Onderzoek en Statistiek", "Dienstverlening en Informatie", 0.5, -0.6, -0.15, 0.30),
    Directie("Stadsarchief", "Dienstverlening en Informatie", 0.4, -0.2, -0.05, 0.15),
    Directie("Communicatie", "Dienstverlening en Informatie", 0.8, -0.4, -0.05, 0.20),
    # Bestuur en Organisatie
    Directie("Bestuursdienst", "Bestuur en Organisatie", 0.8, -0.7, -0.05, 0.25),
    Directie("Griffie", "Bestuur en Organisatie", 0.2, -0.6, -0.05, 0.20),
    Directie("Openbare Orde en Veiligheid", "Bestuur en Organisatie", 0.9, -0.2, 0.05, 0.05),
    Directie("Handhaving en Toezicht", "Bestuur en Organisatie", 2.6, 0.5, 0.30, -0.20),
    Directie("Rekenkamer en Audit", "Bestuur en Organisatie", 0.4, -0.7, -0.10, 0.20),
    Directie("Inclusie en Diversiteit", "Bestuur en Organisatie", 0.2, -0.3, 0.00, 0.35),
    Directie("Project Management Bureau", "Bestuur en Organisatie", 0.8, -0.6, -0.05, 0.10),
    # Stadsdelen (seven stadsdelen plus Weesp)
    Directie("Stadsdeel Centrum", "Stadsdelen", 2.0, 0.3, 0.10, -0.05),
    Directie("Stadsdeel Nieuw-West", "Stadsdelen", 2.2, 0.4, 0.15, -0.10),
    Directie("Stadsdeel Noord", "Stadsdelen", 1.8, 0.4, 0.10, -0.05),
    Directie("Stadsdeel Oost", "Stadsdelen", 1.8, 0.3, 0.05, 0.00),
    Directie("Stadsdeel West", "Stadsdelen", 1.6, 0.3, 0.05, 0.00),
    Directie("Stadsdeel Zuid", "Stadsdelen", 1.7, 0.3, 0.05, 0.00),
    Directie("Stadsdeel Zuidoost", "Stadsdelen", 1.9, 0.4, 0.15, -0.10),
    Directie("Stadsdeel Weesp", "Stadsdelen", 0.4, 0.3, 0.00, 0.05),
)

CLUSTERS: tuple[str, ...] = tuple(dict.fromkeys(d.cluster for d in DIRECTIES))


def directie_table() -> pd.DataFrame:
    """Return the organisation as a table, one row per directie.

    Returns
    -------
    pandas.DataFrame
        Columns ``directie``, ``cluster``, ``share`` (headcount share, sums to 1), ``low_scale``,
        ``climate`` and ``response``.

    Examples
    --------
    >>> table = directie_table()
    >>> len(table), round(float(table["share"].sum()), 6)
    (45, 1.0)
    """
    weights = np.array([d.weight for d in DIRECTIES])
    return pd.DataFrame(
        {
            "directie": [d.name for d in DIRECTIES],
            "cluster": [d.cluster for d in DIRECTIES],
            "share": weights / weights.sum(),
            "low_scale": [d.low_scale for d in DIRECTIES],
            "climate": [d.climate for d in DIRECTIES],
            "response": [d.response for d in DIRECTIES],
        }
    )
