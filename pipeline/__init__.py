"""Amsterdam inclusion monitor: survey, HR and CBS pipeline for the staff study on discrimination."""

__version__ = "0.1.0"
