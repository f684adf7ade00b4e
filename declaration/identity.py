"""Names shared by the builder and the checker: sheets and identification.

Kept free of heavy imports so that the checker can use it on its start-up path.
"""

from __future__ import annotations

COVER_SHEET = "封面"
INSTRUCTIONS_SHEET = "填报说明"
CHECK_SHEET = "校验"
META_SHEET = "_xxgk"  # very hidden: key in column A, value in column B

# Custom document properties (File > Properties > Custom) written by the builder.
PROP_PREFIX = "xxgk_"
PROP_FORMAT = "xxgk_format"
PROP_SPEC_VERSION = "xxgk_spec_version"
PROP_GENERATOR = "xxgk_generator_version"
PROP_YEAR = "xxgk_year"
PROP_UNIT = "xxgk_unit"
PROP_CODE = "xxgk_code"

META_KEYS: tuple[str, ...] = (
    PROP_FORMAT,
    PROP_SPEC_VERSION,
    PROP_GENERATOR,
    PROP_YEAR,
    PROP_UNIT,
    PROP_CODE,
)
