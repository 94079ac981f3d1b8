"""Retention: deleting the files of pupils and staff who left longer ago than the school keeps them."""
