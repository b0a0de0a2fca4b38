"""The append-only audit log of staff actions and the public change history of published items."""
