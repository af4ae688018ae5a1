"""Amsterdam inclusion monitor: survey, HR and CBS pipeline for the staff discrimination study."""

__version__ = "0.1.0"
