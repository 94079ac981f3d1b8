"""The second factor: TOTP (RFC 6238) with recovery codes and remembered browsers, the school's
rule of which roles must use it, the "second factor pending" state of a session and step-up
for sensitive records. See README.md, "Second factor"."""
