"""Quality on labelled JSONL (raw article + `gold`): `newsroom eval FILE...`."""
