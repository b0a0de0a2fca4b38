"""Appeals: residents' applications, complaints, proposals and information requests, and their legal deadlines."""
