"""The school's own calendar: its holidays per school year, and the regional defaults."""
