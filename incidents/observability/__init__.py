"""Structured logs and Prometheus metrics (issue 14, point 6): README "Monitoring"."""
