"""Reminders to staff: the daily digest of appeals that are due soon or overdue (`flask notify-deadlines`)."""
