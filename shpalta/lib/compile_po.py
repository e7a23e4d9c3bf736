"""Compile every locale/*/LC_MESSAGES/*.po into .mo with polib.

Django's ``compilemessages`` needs GNU gettext's ``msgfmt``; a fresh machine with
only python3 and make has none, so setup uses this instead.
"""

import sys
from pathlib import Path

import polib


def compile_all(root: Path) -> list[Path]:
    written = []
    for po_path in sorted(root.glob("locale/*/LC_MESSAGES/*.po")):
        catalogue = polib.pofile(str(po_path))
        untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
        if untranslated or catalogue.fuzzy_entries():
            raise SystemExit(f"{po_path}: untranslated or fuzzy entries: {untranslated[:5]}")
        mo_path = po_path.with_suffix(".mo")
        catalogue.save_as_mofile(str(mo_path))
        written.append(mo_path)
    return written


if __name__ == "__main__":
    base = Path(sys.argv[1]) if len(sys.argv) > 1 else Path.cwd()
    for path in compile_all(base):
        print(f"compiled {path.relative_to(base)}")
