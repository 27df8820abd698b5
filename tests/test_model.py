import json

import pytest

from newsgraph.model import SCHEMA_VERSION, Article, Record, json_schema
from newsgraph.schema import load_schema, validate


def test_committed_schema_matches_model():
    # `make schema` regenerates the file; this fails when the model changed and it was not rerun.
    assert load_schema() == json.loads(json.dumps(json_schema()))


def test_record_roundtrip_and_schema_field():
    record = Record(article=Article(text="Hello."))
    data = record.to_dict()
    assert next(iter(data)) == "schema" and data["schema"] == SCHEMA_VERSION
    validate(data)
    assert Record.from_dict(data) == record


def test_schema_rejects_wrong_version_and_unknown_fields():
    import jsonschema

    data = Record(article=Article(text="x")).to_dict()
    with pytest.raises(jsonschema.ValidationError):
        validate({**data, "schema": "newsgraph/0"})
    with pytest.raises(jsonschema.ValidationError):
        validate({**data, "extra": 1})
