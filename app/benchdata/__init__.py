"""`flask bench-data`: a large community for `make bench`, written with bulk inserts into an empty database."""
