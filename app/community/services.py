"""Writes of the community package: setting up this instance's community, its settlements and its logo."""

import csv
import io
import re
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select, update

from app.audit.services import audit, snapshot
from app.audit.versions import assign
from app.community.models import Community, Settlement
from app.extensions import db
from app.i18n import LANGS

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Upper-case Latin letters: tracking numbers are read aloud on the phone and typed by hand (DIL-2026-000123).
PREFIX_PATTERN = re.compile(r"^[A-Z]{2,6}$")
CSV_COLUMNS = ("slug", "name_hy", "name_en", "name_ru", "population", "is_centre")
_TRUE = {"1", "yes", "true", "y", "x"}
_FALSE = {"", "0", "no", "false", "n"}


class SetupError(Exception):
    """Setting up refused: the community exists already, or the input does not hold."""


@dataclass
class SettlementRow:
    slug: str
    name_hy: str
    name_en: str | None
    name_ru: str | None
    population: int | None
    is_centre: bool


def community_exists() -> bool:
    return db.session.scalar(select(Community.id).limit(1)) is not None


def parse_settlements_csv(text: str) -> tuple[list[SettlementRow], list[str]]:
    """Read settlements from CSV text (a header row naming the columns); return the rows and translated errors.

    Columns: slug, name_hy (required), name_en, name_ru, population, is_centre (yes/no). Each error names its line.
    """
    rows, errors = [], []
    text = text.lstrip("\ufeff")  # Excel writes a byte order mark
    if not text.strip():
        return rows, errors
    try:
        dialect = csv.Sniffer().sniff(text.splitlines()[0], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    header = [h.strip() for h in (reader.fieldnames or [])]
    reader.fieldnames = header
    missing = [c for c in ("slug", "name_hy") if c not in header]
    unknown = [c for c in header if c not in CSV_COLUMNS]
    if missing or unknown:
        errors.append(_("The first line of the settlements must name the columns %(columns)s; missing: "
                        "%(missing)s, unknown: %(unknown)s.", columns=", ".join(CSV_COLUMNS),
                        missing=", ".join(missing) or "-", unknown=", ".join(unknown) or "-"))
        return rows, errors
    seen = set()
    for number, raw in enumerate(reader, start=2):
        if None in raw:
            errors.append(_("Line %(line)d: more values than columns.", line=number))
            continue
        cell = {key: (value or "").strip() for key, value in raw.items()}
        if not any(cell.values()):
            continue
        slug, name = cell.get("slug", ""), cell.get("name_hy", "")
        if not SLUG_PATTERN.match(slug) or len(slug) > 80:
            errors.append(_("Line %(line)d: the slug %(slug)s must be lowercase Latin letters, digits and hyphens.",
                            line=number, slug=repr(slug)))
        elif slug in seen:
            errors.append(_("Line %(line)d: the slug %(slug)s appears twice.", line=number, slug=slug))
        seen.add(slug)
        if not name:
            errors.append(_("Line %(line)d: the Armenian name is missing.", line=number))
        too_long = [c for c in ("name_hy", "name_en", "name_ru") if len(cell.get(c, "")) > 120]
        if too_long:
            errors.append(_("Line %(line)d: a name is longer than 120 characters.", line=number))
        population = cell.get("population", "").replace(" ", "").replace("\u00a0", "")
        if population and not (population.isdigit() and int(population) < 10_000_000):
            errors.append(_("Line %(line)d: the population must be a whole number.", line=number))
            population = ""
        centre = cell.get("is_centre", "").lower()
        if centre not in _TRUE | _FALSE:
            errors.append(_("Line %(line)d: is_centre must be yes or no.", line=number))
        rows.append(SettlementRow(slug, name, cell.get("name_en") or None, cell.get("name_ru") or None,
                                  int(population) if population else None, centre in _TRUE))
    if not errors and sum(r.is_centre for r in rows) > 1:
        errors.append(_("Only one settlement can be the centre."))
    return rows, errors


def create_community(values: dict, settlements: list[SettlementRow], logo=None, *, commit=True) -> Community:
    """Store the community row and its settlements in one transaction; refuse when a community exists.

    `commit=False` leaves the commit to a caller that adds more to the same transaction (the first admin).
    """
    if community_exists():
        raise SetupError(_("This instance already has its community; change it in the administration."))
    if settlements and not any(s.is_centre for s in settlements):
        settlements[0].is_centre = True  # a community has a centre; the first listed is the usual convention
    community = Community(**values, logo_path=logo.file_name if logo else None)
    db.session.add(community)
    for position, row in enumerate(settlements):
        db.session.add(Settlement(slug=row.slug, name_hy=row.name_hy, name_en=row.name_en, name_ru=row.name_ru,
                                  population=row.population, is_centre=row.is_centre, position=position))
    if commit:
        db.session.commit()
    else:
        db.session.flush()
    return community


# --- the admin's settlements (settings: audited, not versioned) ----------------------------------------------------

SETTLEMENT_FIELDS = ["slug", *[f"name_{lang}" for lang in LANGS], "population", "population_year", "is_centre",
                     "position"]


def _make_sole_centre(settlement):
    """Exactly one centre: the one being saved takes the role from any other."""
    db.session.execute(
        update(Settlement).where(Settlement.id != settlement.id, Settlement.is_centre.is_(True))
        .values(is_centre=False)
    )


def create_settlement(data, actor) -> Settlement:
    settlement = Settlement(**data)
    db.session.add(settlement)
    db.session.flush()
    if settlement.is_centre:
        _make_sole_centre(settlement)
    audit("settlement.create", actor=actor, target=settlement, details=snapshot(settlement, SETTLEMENT_FIELDS))
    db.session.commit()
    return settlement


def update_settlement(settlement, data, actor) -> list[str]:
    before = snapshot(settlement, SETTLEMENT_FIELDS)
    assign(settlement, data)
    after = snapshot(settlement, SETTLEMENT_FIELDS)
    changed = [f for f in after if before[f] != after[f]]
    if settlement.is_centre:
        _make_sole_centre(settlement)
    if changed:
        audit("settlement.update", actor=actor, target=settlement,
              details={f: [before[f], after[f]] for f in changed})
    db.session.commit()
    return changed
