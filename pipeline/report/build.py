"""Stage ``report``: execute a wave's section notebooks with papermill and render them to HTML.

Run as ``python -m pipeline.report.build --wave 2024``. Executed notebooks are sensitive
intermediate files (``data/processed/notebooks/``); only the rendered pages, whose tables passed
the disclosure gate, go to ``reports/<wave>/``.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import Any

import papermill

from pipeline.config import ROOT, load_params, project_paths
from pipeline.report.provenance import code_version, dutch_date, source_label
from pipeline.report.render import ReportMeta, render_html

SECTION_TITLES = {
    "respons": "Respons en datakwaliteit",
    "prevalentie": "Ongewenst gedrag en discriminatie",
    "gronden": "Discriminatiegronden en meldgedrag",
    "representatie": "Representatie",
}
STUDY_NAMES = {"herhaal": "herhaalonderzoek (vierjaarlijks)", "monitor": "monitor (tweejaarlijks)"}


def wave_study(params: dict[str, Any], wave: int) -> str:
    """Return the study type of a wave from its mapping file."""
    from pipeline.ingest.mapping import load_mapping

    return load_mapping(project_paths(params).config / "waves" / f"{wave}.yml").study


def build_wave(params: dict[str, Any], wave: int) -> list[Path]:
    """Execute and render every section notebook of one wave.

    Parameters
    ----------
    params : dict
        Parameters (``report.sections``, ``data.source``).
    wave : int
        Survey year.

    Returns
    -------
    list of pathlib.Path
        The rendered HTML pages.
    """
    paths = project_paths(params)
    study = wave_study(params, wave)
    source = params["data"]["source"]
    executed_dir = paths.processed / "notebooks" / str(wave)
    executed_dir.mkdir(parents=True, exist_ok=True)
    version = code_version(ROOT)
    pages = []
    for section in params["report"]["sections"]:
        executed = executed_dir / f"{section}.ipynb"
        papermill.execute_notebook(
            str(paths.notebooks / f"{section}.ipynb"), str(executed),
            parameters={"wave": wave, "study": study},
            kernel_name="python3", cwd=str(paths.notebooks), progress_bar=False,
            log_output=False,
        )
        meta = ReportMeta(
            title=f"{SECTION_TITLES.get(section, section)} {wave}",
            subtitle=(f"Medewerkersonderzoek gemeente Amsterdam, {STUDY_NAMES[study]}; "
                      f"gemaakt op {dutch_date(date.today())}"),
            synthetic=source == "demo",
            footer=f"Bron: {source_label(source)}. Code: versie {version}.",
        )
        pages.append(render_html(executed, paths.reports / str(wave) / f"{section}.html", meta))
    return pages


def main(argv: list[str] | None = None) -> int:
    """Build one wave's reports; returns the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wave", type=int, required=True)
    args = parser.parse_args(argv)
    params = load_params()
    for page in build_wave(params, args.wave):
        print(f"rapport: {page.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
