"""The JSON Schema of the ``newsgraph/2`` record, shipped as package data."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any

SCHEMA_FILE = "newsgraph-2.schema.json"


@lru_cache(maxsize=1)
def load_schema() -> dict[str, Any]:
    """The committed JSON Schema (``newsgraph/schema/newsgraph-2.schema.json``)."""
    return json.loads(resources.files(__name__).joinpath(SCHEMA_FILE).read_text("utf-8"))


def validate(record: dict[str, Any]) -> None:
    """Raise ``jsonschema.ValidationError`` unless ``record`` is a valid newsgraph/2 record."""
    import jsonschema

    jsonschema.validate(record, load_schema())
