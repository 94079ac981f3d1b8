"""Server-side sign-in sessions: one `user_sessions` record per sign-in, checked on every request.

The session cookie (Flask's signed cookie, as transport) carries only a random session id; the
server keeps its SHA-256 (`models`), decides whether it is still valid and ends it (`operations`),
reads and writes the cookie (`current`) and shows a user where they are signed in (`views`).
"""
