"""Writing a result as a printable page (`core.htmlpage`) to a file the person chose.

The store writes JSON, Markdown and text; this writes the two HTML pages, with
the store's rules: 0600 and atomically, a folder gets `default_stem.html`, an
existing file is replaced only with `overwrite`, and every problem is a
`StoreError` with a message fit to show as is (so `export` and the app say it
the same way). A live result must be passed as its saved view
(`core.safety.saved_view`): a page never reveals what the safety check found.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

PAGE_FORMATS = ("html", "worksheet")


def render_page(result_or_record: Any, fmt: str) -> str:
    """The result page (`html`) or the worksheet of its next steps (`worksheet`)."""
    from readiness.core.htmlpage import result_page, worksheet_page

    if fmt not in PAGE_FORMATS:
        raise ValueError(f"not a page format: {fmt}")
    return worksheet_page(result_or_record) if fmt == "worksheet" else result_page(result_or_record)


def write_page(
    result_or_record: Any,
    to: Path,
    fmt: str = "html",
    *,
    overwrite: bool = False,
    default_stem: str = "readiness-result",
) -> Path:
    """Write the page to `to` (a file, or a folder to put it in); the path written."""
    from readiness.core import safefile
    from readiness.core.store import StoreError

    to = Path(to).expanduser()
    if to.is_dir():
        to = to / f"{default_stem}{'-worksheet' if fmt == 'worksheet' else ''}.html"
    if (to.exists() or to.is_symlink()) and not overwrite:
        raise StoreError(f"Could not export: {to} already exists.", to)
    if not to.parent.is_dir():
        raise StoreError(f"Could not export: the folder {to.parent} does not exist.", to.parent)
    data = render_page(result_or_record, fmt).encode("utf-8")
    try:
        safefile.atomic_write(to, data)
    except OSError as exc:
        raise StoreError(f"Could not export to {to}: {exc.strerror or exc}.", to.parent) from exc
    return to


def export_saved_page(record_id: str, to: Path, fmt: str = "html", *, overwrite: bool = False,
                      folder: Path | None = None) -> Path:
    """A saved result (by id, as `export` takes it) written as a page."""
    from readiness.core.store import load_saved, resolve_id

    full = resolve_id(record_id, folder)
    record = load_saved(full, folder)
    return write_page(record, to, fmt, overwrite=overwrite, default_stem=full)
