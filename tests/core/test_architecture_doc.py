"""docs/architecture.md lists every module (issue 15): a newcomer reading it meets no
module the map leaves out."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_module_is_on_the_map() -> None:
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    modules = sorted(
        path.relative_to(ROOT / "src")
        for path in (ROOT / "src" / "readiness").rglob("*.py")
        if path.name != "__init__.py"
    )
    assert len(modules) > 50
    missing = [str(m) for m in modules if not re.search(rf"\b{re.escape(m.stem)}\b", text)]
    assert missing == []
