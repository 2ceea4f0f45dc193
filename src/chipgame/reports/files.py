"""Writing output files atomically: all of them or none, never a half-written one.

Examples
--------
>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> write_atomically({folder / "a.txt": "one", folder / "b.txt": "two"})
>>> sorted(p.name for p in folder.iterdir())
['a.txt', 'b.txt']
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

from ..errors import FileError

__all__ = ["write_atomically"]


def write_atomically(files: Mapping[Path, str]) -> None:
    """Write each text to its path through a temporary file in the same directory, then move
    them all into place, the last one given last (put the main file last).

    A failure while writing leaves no new file and every existing one untouched.

    Raises
    ------
    FileError
        When a file cannot be written (the message names it and the reason; the fix is a writable
        place).
    """
    temporaries: dict[Path, str] = {}
    current = next(iter(files), Path("."))
    try:
        for path, text in files.items():
            current = path
            descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
            temporaries[path] = temporary
            with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
                mask = os.umask(0)
                os.umask(mask)
                os.fchmod(handle.fileno(), 0o666 & ~mask)  # as an ordinary new file, not owner-only as mkstemp makes it
                handle.write(text)
        for path in files:
            current = path
            os.replace(temporaries.pop(path), path)
    except OSError as error:
        raise FileError.from_os_error(error, str(current), "write",
                                      fix="give -o a file in an existing, writable directory") from None
    finally:
        for temporary in temporaries.values():
            os.unlink(temporary)
