# JSON: serialise a nested record many times (the json module's C encoder plus Python default hooks).
import json
from datetime import date

record = {
    "id": 1234,
    "name": "Quarterly revenue",
    "regions": [{"name": r, "revenue": [1250.5 * (i + 1), 980.25, 1430.0], "active": i % 2 == 0}
                for i, r in enumerate(["North", "South", "East", "West", "Central"])],
    "tags": ["finance", "q1", "chart", "bar"],
    "owner": {"first": "Ada", "last": "Lovelace", "since": date(2024, 1, 15)},
}


def default(value):
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(type(value).__name__)


total = 0
for i in range(200):
    record["id"] = i
    total += len(json.dumps(record, default=default, sort_keys=True, indent=None if i % 2 else 2))
print(f"bytes {total}")
