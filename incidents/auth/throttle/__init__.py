"""Failed sign-ins per account: a growing delay after a few, a notice to the holder after more."""
