"""A case's evidence as a ZIP with a manifest, to hand to the police.

Files in the ZIP are named `<n>-<sha256 prefix>.<ext>`: never the original name, which is
the uploader's text. The ZIP is written to an anonymous temporary file, copying each
stored file in chunks and re-hashing it on the way, so a large case never sits in memory
and the manifest says whether each file still matched its recorded hash.
"""

import csv
import hashlib
import io
import json
import tempfile
import zipfile

from incidents.core import clock
from incidents.evidence.storage import CHUNK, DamagedObject, object_store

EXTENSIONS = {
    "image/png": "png",
    "image/jpeg": "jpg",
    "image/gif": "gif",
    "image/webp": "webp",
    "application/pdf": "pdf",
    "video/mp4": "mp4",
}
CSV_FIELDS = (
    "n",
    "kind",
    "file_in_zip",
    "sha256",
    "size",
    "content_type",
    "original_name",
    "url",
    "platform",
    "captured_at",
    "added_by",
    "added_at",
    "verified",
)


def _iso(moment):
    return moment.isoformat() if moment else None


def _copy_into(archive, sha256, arcname):
    """Copy a stored file into the archive in chunks; return the SHA-256 of what was copied,
    or None when it is not stored."""
    digest = hashlib.sha256()
    try:
        source = object_store().open(sha256)
    except FileNotFoundError:
        return None
    with source, archive.open(arcname, "w", force_zip64=True) as target:
        try:
            while chunk := source.read(CHUNK):
                digest.update(chunk)
                target.write(chunk)
        except DamagedObject:  # copied all the same: the manifest says it does not match
            pass
    return digest.hexdigest()


def build_export(case, items, user):
    """Write the ZIP for `items` (the case's evidence) to a temporary file, rewound; returns (file, manifest)."""
    exported_at = clock.utc_now()
    entries = []
    out = tempfile.TemporaryFile(suffix=".zip")
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_STORED) as archive:
        for n, item in enumerate(items, start=1):
            entry = {
                "n": n,
                "id": item.id,
                "kind": item.kind,
                "file_in_zip": None,
                "sha256": item.sha256,
                "size": item.size,
                "content_type": item.content_type,
                "original_name": item.original_name,
                "url": item.url,
                "platform": item.platform,
                "captured_at": _iso(item.captured_at),
                "added_by": item.added_by.name if item.added_by else None,
                "added_by_email": item.added_by.email if item.added_by else None,
                "added_at": _iso(item.added_at),
                "verified": None,
            }
            if item.kind == "file":
                arcname = f"{n:03d}-{item.sha256[:12]}.{EXTENSIONS.get(item.content_type, 'bin')}"
                copied = _copy_into(archive, item.sha256, arcname)
                if copied is None:
                    entry["verified"] = "missing"
                else:
                    entry["file_in_zip"] = arcname
                    entry["verified"] = "match" if copied == item.sha256 else "MISMATCH"
            entries.append(entry)
        manifest = {
            "case": case.reference,
            "school": case.school.code,
            "exported_at": _iso(exported_at),
            "exported_by": user.name,
            "exported_by_email": user.email,
            "hash_algorithm": "SHA-256",
            "items": entries,
        }
        archive.writestr(
            "manifest.json", json.dumps(manifest, indent=2, ensure_ascii=False), compress_type=zipfile.ZIP_DEFLATED
        )
        archive.writestr("manifest.csv", _manifest_csv(entries), compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("manifest.txt", _manifest_txt(manifest), compress_type=zipfile.ZIP_DEFLATED)
    out.seek(0)
    return out, manifest


def _manifest_csv(entries):
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_FIELDS, extrasaction="ignore")
    writer.writeheader()
    for entry in entries:
        # A leading = + - @ would be a formula in a spreadsheet: neutralise it.
        writer.writerow({k: (f"'{v}" if isinstance(v, str) and v[:1] in "=+-@" else v) for k, v in entry.items()})
    return buffer.getvalue()


def _manifest_txt(manifest):
    lines = [
        f"Case / zaak: {manifest['case']} (school {manifest['school']})",
        f"Exported at / geëxporteerd op: {manifest['exported_at']}",
        f"Exported by / door: {manifest['exported_by']} <{manifest['exported_by_email']}>",
        "Hash: SHA-256 of the file's bytes, recorded when it was added.",
        "",
    ]
    for e in manifest["items"]:
        lines.append(f"[{e['n']}] {e['kind']}")
        for key in (
            "file_in_zip",
            "sha256",
            "size",
            "content_type",
            "original_name",
            "url",
            "platform",
            "captured_at",
            "added_by",
            "added_at",
            "verified",
        ):
            if e[key] is not None:
                lines.append(f"    {key}: {e[key]}")
        lines.append("")
    return "\n".join(lines)
