"""`flask backup`, `flask restore` and `flask integrity-check`: copies taken while the site serves, checked on
restore."""
