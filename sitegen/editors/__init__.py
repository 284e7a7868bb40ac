"""The editors' tools: `new` scaffolding, JSON Schemas from the field tables, and `check --file`."""
