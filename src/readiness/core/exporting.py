"""Writing a result to a file the person chose: the format, the text, and the write.

One place decides everything an export involves, for `readiness export` and
the app alike: the format (from `--format`, else the file's extension; an
extension nothing here writes, like x.pdf, is refused rather than filled with
JSON under a misleading name), the text (the record as JSON, its saved
Markdown summary, plain text, a printable HTML page or a worksheet), and the
write (0600 and atomic; a folder gets `default_stem` plus the extension; an
existing file is replaced only with `overwrite`). Every problem is a
`StoreError` or an `ExportFormatError` with a message fit to show as is. A
live result must be passed as its saved view (`core.safety.saved_view`): an
export never reveals what the safety check found.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from readiness.core import records, safefile
from readiness.core.records import StoreError
from readiness.core.textsafe import terminal_safe

_BY_NAME = {  # a format's last name here is the extension it is written with
    "markdown": "markdown",
    "md": "markdown",
    "json": "json",
    "text": "text",
    "txt": "text",
    "htm": "html",
    "html": "html",
    "worksheet": "worksheet",
}
_BY_SUFFIX = {
    f".{name}": fmt for name, fmt in _BY_NAME.items() if name not in ("text", "worksheet")
}
_SUFFIX_FOR = {fmt: suffix for suffix, fmt in _BY_SUFFIX.items()} | {"worksheet": ".html"}
WRITABLE = ".md (Markdown), .json, .txt (plain text) and .html (a printable page)"


class ExportFormatError(ValueError):
    """A format or a file extension that cannot be written; the message says what can."""


def format_for(path: Path | str, explicit_format: str | None = None) -> str:
    """The format to write `path` in: `explicit_format` when given, else from the extension.

    Returns a format's name (markdown, json, text, html or worksheet). A path
    without an extension (or a folder) is JSON, as `export` has always done.
    """
    if explicit_format:
        found = _BY_NAME.get(explicit_format.strip().lower())
        if found is None:
            shown = terminal_safe(explicit_format)
            raise ExportFormatError(
                f"cannot write the format '{shown}': choose markdown, json, text, html or worksheet"
            )
        return found
    suffix = Path(path).suffix.lower()
    if not suffix:
        return "json"
    found = _BY_SUFFIX.get(suffix)
    if found is None:
        raise ExportFormatError(
            f"cannot write {terminal_safe(suffix)} files: readiness writes {WRITABLE}; "
            "name the file with one of these, or choose with --format"
        )
    return found


def unsealed_name(path: Path | str) -> Path:
    """`x.md` for `x.md.age`: the format of an encrypted export is the name under `.age`."""
    path = Path(path)
    return path.with_suffix("") if path.suffix.lower() == ".age" else path


def suffix_for(fmt: str) -> str:
    """The extension a file of `fmt` gets when only a folder was given."""
    return _SUFFIX_FOR[fmt]


def render(record: dict[str, Any], fmt: str, markdown: str | None = None) -> str:
    """A record in `fmt`. Markdown is the summary saved with it when there is one
    (exactly what was shown then), else made from the record."""
    if fmt == "json":
        return json.dumps(record, ensure_ascii=False, indent=2) + "\n"
    if fmt == "markdown" and markdown is not None:
        return markdown
    if fmt in ("html", "worksheet"):
        from readiness.core.htmlpage import result_page, worksheet_page

        return worksheet_page(record) if fmt == "worksheet" else result_page(record)
    from readiness.core import report

    text = report.to_markdown(record) if fmt == "markdown" else report.to_text(record)
    return text if text.endswith("\n") else text + "\n"


def write_export(
    record_or_result: Any,
    to: Path,
    fmt: str | None = None,
    *,
    markdown: str | None = None,
    overwrite: bool = False,
    default_stem: str = "readiness-result",
    recipient: str | None = None,
) -> Path:
    """Write a record (or Result) to `to`, privately (0600) and atomically; return the path.

    `to` may be a folder: the file is then `default_stem` plus the format's
    extension inside it (JSON unless `fmt` says). With `recipient` (an age
    public key, `age1...`) the file is an age file encrypted to it (`.age`
    added to a folder's file name); the format is the name's under `.age`.
    """
    record = records.to_record(record_or_result)
    to = Path(to).expanduser()
    sealed_to = None
    if recipient is not None:
        from readiness.core import protect

        sealed_to = protect.parse_recipient(recipient)
    if to.is_dir():
        fmt = format_for("", fmt)  # a folder's own name says nothing about the format
        stem = default_stem + ("-worksheet" if fmt == "worksheet" else "")
        to = to / f"{stem}{suffix_for(fmt)}{'.age' if sealed_to is not None else ''}"
    fmt = format_for(unsealed_name(to) if sealed_to is not None else to, fmt)
    if (to.exists() or to.is_symlink()) and not overwrite:
        raise StoreError(f"Could not export: {to} already exists.", to)
    if not to.parent.is_dir():
        raise StoreError(f"Could not export: the folder {to.parent} does not exist.", to.parent)
    data = render(record, fmt, markdown).encode("utf-8")
    if sealed_to is not None:  # protect was imported above, to read the recipient
        data = protect.encrypt(data, sealed_to)
    try:
        safefile.atomic_write(to, data)
    except OSError as exc:
        raise records.friendly_os_error("export", exc, to.parent) from exc
    return to


def export_saved(
    record_id: str,
    to: Path,
    fmt: str | None = None,
    *,
    folder: Path | None = None,
    overwrite: bool = False,
    recipient: str | None = None,
) -> Path:
    """Copy a saved result (by id, as `export` takes it) out in `fmt` or as `to`'s suffix says
    (encrypted to `recipient`, an age public key, when given)."""
    from readiness.core.store import load_saved, load_saved_markdown, resolve_id

    full = resolve_id(record_id, folder)
    return write_export(
        load_saved(full, folder),
        to,
        fmt,
        markdown=load_saved_markdown(full, folder),
        overwrite=overwrite,
        default_stem=full,
        recipient=recipient,
    )
