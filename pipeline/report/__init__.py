"""Reports: executing the section notebooks and rendering them to HTML."""
