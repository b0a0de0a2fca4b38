"""The pages `make bench` measures: one table, in one place. A page that answers 404 (its feature is not in this
version yet) is reported as "missing" instead of failing the run.

Each path may use {action}, {institution}, {settlement}, {month}, {page2}: filled from the database under test.
"""

from dataclasses import dataclass, field


@dataclass
class Page:
    name: str
    path: str
    headers: dict = field(default_factory=dict)
    login: bool = False  # a staff session (the bench viewer) is needed
    public: bool = True  # counts for the page-weight and small/large targets
    html: bool = True  # a page a browser visits (the page-weight target); feeds and the API are read by programs


PAGES = [
    Page("home", "/"),
    Page("schedule", "/schedule"),
    Page("schedule, settlement + month", "/schedule?settlement={settlement}&month={month}"),
    Page("schedule, htmx partial", "/schedule?page={page2}", headers={"HX-Request": "true"}),
    Page("action", "/actions/{action}"),
    Page("institution", "/institutions/{institution}"),
    Page("program", "/program"),
    Page("accountability", "/accountability"),
    Page("dashboard (logged in)", "/staff/dashboard", login=True, public=False),
    Page("API list", "/api/v1/actions", html=False),
    Page("iCal feed", "/feeds/schedule.ics", html=False),
]

# The page whose 304 answer is measured against the bare Flask page.
CONDITIONAL_PAGE = "schedule"
