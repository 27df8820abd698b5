"""Print the JSON Schema of the newsgraph/2 record (``make schema`` writes it to the package)."""

import json

from newsgraph.model import json_schema

print(json.dumps(json_schema(), indent=2, ensure_ascii=False))
