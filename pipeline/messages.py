"""Every message a user reads, in one catalogue: `msg(key, **values)`.

Library code and the CLI never build user-facing sentences inline, so a translation
(a Chinese catalogue chosen by locale) replaces this one table.
"""
from __future__ import annotations

MESSAGES: dict[str, str] = {
    # command line: user mistakes (exit 2)
    "out_is_file": "--out {out} is a file, not a folder",
    "no_such_input": "no such file or folder: {path}",
    "no_such_record": "no record {what}: give a DIR/notices/<id>.yaml file or a record id with --out DIR",
    "bad_alarms": "--alarms takes days before a deadline separated by commas, such as 3,1 (got {value})",
    "bad_date": "not a date (YYYY-MM-DD): {value}",
    "bad_jobs": "-j takes a number of workers of 1 or more (got {value})",
    "bad_limit": "{option} takes a number above 0 (got {value})",
    "give_ident": "give a doc number, record id or title",
    "give_ident_or_all": "give a doc number, record id or title, or --all",
    "no_match_node": "no notice or cited document matches {ident}",
    "no_match_record": "no ingested notice matches {ident}",
    "bad_rules": "the rules cannot be used: {error}",
    "locked": "another `notices` run is using {out} (lock file {lock}); wait for it to finish",
    "dask_missing": "--dask needs Dask: pip install 'notice-pipeline[dask]' ({error})",
    "dask_unreachable": "cannot reach the Dask scheduler {address}: {error}",
    "dask_other_rules": "this Dask worker has other rules ({theirs}, here {ours}): install the same version everywhere",
    # no data (exit 1)
    "no_records": "no records in {out}: run `notices ingest PATH --out {out}` first",
    "write_failed": "cannot write to {out}: {reason}; the records written so far are kept, run again when it is fixed",
    "interrupted": "interrupted; the records written so far are kept, run again to finish",
    # per-file problems (errors.yaml)
    "too_slow": "too slow: not parsed within {seconds:g} s (a damaged file or a decompression bomb?); skipped",
    "too_large_memory": "too large: needs more than {mb} MB of memory to parse (a decompression bomb?); skipped",
    "worker_died": "the parser stopped on this file ({reason}); skipped",
    "internal_error": "internal error: {error}",
    "write_error": "cannot write its record: {reason}",
    "unchanged_failure": "{error} (unchanged since it failed; --retry-failed tries again)",
    "symlink_outside": "symbolic link to {target}, outside the folders named: not followed",
    "symlink_broken": "broken symbolic link: its target does not exist",
    "symlink_loop": "symbolic link loop: not followed",
    "not_regular": "not a regular file ({kind}): skipped",
    "unreadable_dir": "cannot read the folder: {reason}",
    "unsupported": "{what} ({suffix}) is not supported: {todo}",
    # summary
    "summary": "{written} written, {unchanged} unchanged, {failed} failed ({files} files)",
    "summary_removed": "{n} record(s) removed: their source is gone or now fails",
    "summary_ignored": "{n} file(s) ignored (hidden, or not a notice format; -v lists them)",
    "ignored_file": "ignored: {path} ({why})",
    "hidden": "hidden",
    "other_format": "not a notice format",
}

# Formats people keep notices in that the pipeline cannot read, and what to do instead.
UNSUPPORTED = {
    ".doc": ("Word 97-2003 document", "save it as DOCX or PDF in Word or WPS and ingest that"),
    ".wps": ("WPS document", "save it as DOCX or PDF in WPS and ingest that"),
    ".wpt": ("WPS template", "save it as DOCX or PDF in WPS and ingest that"),
    ".dot": ("Word template", "save it as DOCX or PDF and ingest that"),
    ".rtf": ("RTF document", "save it as DOCX or PDF and ingest that"),
    ".odt": ("OpenDocument text", "save it as DOCX or PDF and ingest that"),
    ".ofd": ("OFD document", "print it to PDF (OFD readers such as 数科阅读器 can) and ingest that"),
    ".xls": ("Excel 97-2003 sheet", "a notice is rarely a sheet: ingest the notice it came with, or save the sheet as PDF"),
    ".xlsx": ("Excel sheet", "a notice is rarely a sheet: ingest the notice it came with, or save the sheet as PDF"),
    ".et": ("WPS sheet", "save it as PDF and ingest that"),
    ".ppt": ("PowerPoint", "save it as PDF and ingest that"),
    ".pptx": ("PowerPoint", "save it as PDF and ingest that"),
    ".jpg": ("image", "a scanned notice needs OCR: put the scan into a PDF and ingest that"),
    ".jpeg": ("image", "a scanned notice needs OCR: put the scan into a PDF and ingest that"),
    ".png": ("image", "a scanned notice needs OCR: put the scan into a PDF and ingest that"),
    ".gif": ("image", "a scanned notice needs OCR: put the scan into a PDF and ingest that"),
    ".bmp": ("image", "a scanned notice needs OCR: put the scan into a PDF and ingest that"),
    ".tif": ("image", "a scanned notice needs OCR: put the scan into a PDF and ingest that"),
    ".tiff": ("image", "a scanned notice needs OCR: put the scan into a PDF and ingest that"),
    ".webp": ("image", "a scanned notice needs OCR: put the scan into a PDF and ingest that"),
}


def msg(key: str, **values) -> str:
    """The message `key` with its values filled in."""
    return MESSAGES[key].format(**values)


def unsupported(suffix: str) -> str | None:
    """What to do with a file of an unsupported format, or None when the suffix is not one."""
    hit = UNSUPPORTED.get(suffix.lower())
    return msg("unsupported", what=hit[0], suffix=suffix.lower(), todo=hit[1]) if hit else None


class UserError(Exception):
    """A mistake of the user (a bad argument, a missing file): one line, exit code 2."""

    exit_code = 2


class NoData(UserError):
    """Nothing to work on (no records yet): one line, exit code 1."""

    exit_code = 1
