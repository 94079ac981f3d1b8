"""Letter templates with merge fields, rendered in a sandbox and filed as correspondence + PDF."""
