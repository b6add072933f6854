"""Resource limits shared by the readers, the pipeline and the CLI, defined once.

docs/reliability.md lists what each limit guards and the option that changes it.
"""

from __future__ import annotations

#: The longest input, in bytes: a file (``read(max_bytes=)``), its decoded text in UTF-8
#: (``load(max_bytes=)``), ``--max-bytes`` on the command line.
DEFAULT_MAX_BYTES = 50_000_000
