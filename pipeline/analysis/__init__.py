"""Analyses of a wave: weighting design, estimates, trends, representation."""
