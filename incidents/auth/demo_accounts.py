"""The password every demo account has: sign-in refuses it in production."""

DEMO_PASSWORD = "demo"
