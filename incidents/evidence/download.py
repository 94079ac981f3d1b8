"""Sending a stored file to the browser: streamed, always as a download, never sniffed or cached."""

from flask import abort, send_file

from incidents.evidence.storage import path_for


def send_stored(sha256, content_type, filename):
    """The response for the stored bytes of `sha256`; 404 when the hash is malformed or the
    file is gone (the record's access was checked by the caller)."""
    try:
        path = path_for(sha256)
    except FileNotFoundError:
        abort(404)
    if not path.is_file():
        abort(404)
    response = send_file(path, mimetype=content_type, as_attachment=True, download_name=filename, max_age=0)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response
