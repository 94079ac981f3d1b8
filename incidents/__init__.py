"""Meldpunt application package, grouped by feature."""
