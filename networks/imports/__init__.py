"""CSV imports of the register and of NHS Digital list sizes.

Each import is all-or-nothing: every row is checked, every bad row is reported with its line
number and reason, and nothing is written unless every row is good (one transaction).
``cells`` reads the file and checks its cells; ``register`` and ``list_sizes`` are the two imports.
"""

from networks.imports.cells import ImportResult, RowProblem
from networks.imports.list_sizes import NHS_DIGITAL_HEADERS, import_list_sizes
from networks.imports.register import (
    REGISTER_HEADER,
    import_register,
    parse_register,
    register_template,
)

__all__ = [
    "NHS_DIGITAL_HEADERS",
    "REGISTER_HEADER",
    "ImportResult",
    "RowProblem",
    "import_list_sizes",
    "import_register",
    "parse_register",
    "register_template",
]
