"""The /v1 endpoints, one module per resource; :mod:`.routes` is their table."""
