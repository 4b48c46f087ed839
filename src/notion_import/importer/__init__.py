"""Plan, write and report an import."""
