"""Which days are working days: weekends, Armenian public holidays and the admin's overrides.

The deadline engine asks `queries.non_working_days`; the admin edits the overrides under /admin.
"""
