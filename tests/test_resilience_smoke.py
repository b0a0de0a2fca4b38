"""`make resilience` at CI scale: the real checks with short, bounded loops; every row must hold."""

import os
import subprocess
import sys

import pytest

# Slow (real servers killed and flooded on their own databases): `make test` runs it once, in the PostgreSQL pass.
pytestmark = pytest.mark.once

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def test_resilience_checks_all_hold_at_small_scale(tmp_path):
    env = dict(os.environ, RESILIENCE_SCALE="ci", BENCH_DATA=str(tmp_path / "data"))
    env.pop("RESILIENCE_DATABASE_URL", None)
    run = subprocess.run([sys.executable, "-m", "bench.resilience"], cwd=ROOT, env=env, capture_output=True,
                         text=True, timeout=900)
    table = run.stdout[run.stdout.rfind("| check |"):]
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    for check in ("| load |", "| crash |", "| backup |", "| abuse: flood |", "| abuse: bad input |",
                  "| attack: pixel bomb |", "| attack: lockout |", "| attack: forged Host |", "| memory |"):
        row = next(line for line in table.splitlines() if line.startswith(check))
        assert "| yes |" in row, row
