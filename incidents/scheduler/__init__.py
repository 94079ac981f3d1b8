"""The scheduler process: `flask --app app scheduler`. Web workers never run jobs."""
