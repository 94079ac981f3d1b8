"""Backup and restore of one instance: the database plus the file store, with a manifest (docs/operations.md)."""
