"""The child process that parses a PDF under the limits ``reading.pdf`` sets.

stdin: one JSON line ``{"path", "max_bytes"}``, then the file's bytes. stdout: one JSON object,
``{"text": ...}`` or ``{"error": <ReadError subclass name>, "cause": ...}``.
"""

from __future__ import annotations

import json
import sys

from .errors import ReadError, UnsafeDocumentError
from .pdf import extract_text


def main() -> None:
    header = json.loads(sys.stdin.buffer.readline())
    data = sys.stdin.buffer.read()
    path = header["path"]
    try:
        result = {"text": extract_text(data, path, int(header["max_bytes"]))}
    except ReadError as err:
        result = {"error": type(err).__name__, "cause": err.cause}
    except MemoryError:
        result = {
            "error": UnsafeDocumentError.__name__,
            "cause": "parsing it ran out of memory (a decompression bomb?)",
        }
    sys.stdout.buffer.write(json.dumps(result, ensure_ascii=False).encode("utf-8", "replace"))


if __name__ == "__main__":
    main()
