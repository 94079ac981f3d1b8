"""Masked e-mail addresses for the administrator's outbox: enough to tell messages apart and
to spot a mistyped domain, not enough to tell which families have an incident."""

import re

MASK = "\u2022\u2022\u2022"  # •••
_ADDRESS = re.compile(r"[^\s<>()\[\],;:\"']+@[^\s<>()\[\],;:\"']+")


def mask_address(address):
    """`jan.devries@example.org` -> `ja•••s@e•••.org`; text that is no address is masked whole.
    A long local part keeps two letters in front, a short one fewer (`jo@x.nl` -> `j•••@x•••.nl`)."""
    if not address:
        return ""
    local, at, domain = address.rpartition("@")
    if not at or not local or not domain:
        return MASK
    front = 2 if len(local) >= 6 else 1
    shown_local = f"{local[:front]}{MASK}{local[-1]}" if len(local) > 2 else f"{local[0]}{MASK}"
    labels = domain.split(".")
    shown_domain = f"{labels[0][:1]}{MASK}" + (f".{labels[-1]}" if len(labels) > 1 else "")
    return f"{shown_local}@{shown_domain}"


def mask_addresses_in(text):
    """`text` (e.g. an SMTP error naming the rejected recipient) with every address masked."""
    return _ADDRESS.sub(lambda m: mask_address(m.group(0)), text) if text else text
