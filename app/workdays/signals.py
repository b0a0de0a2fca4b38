"""Events of the working-day calendar, for listeners such as the appeals' deadline engine.

Receivers run inside the admin's transaction, before its commit, so due dates they recompute are saved (or rolled
back) together with the calendar change itself.
"""

from blinker import Namespace

_signals = Namespace()

# sender: the app; kwargs: days (the set of dates whose status may have changed)
calendar_changed = _signals.signal("calendar-changed")
