"""Reads of the address allowances."""

import ipaddress

from sqlalchemy import select

from app.extensions import db
from app.limits.models import AddressAllowance


def list_allowances() -> list[AddressAllowance]:
    return list(db.session.scalars(select(AddressAllowance).order_by(AddressAllowance.label)))


def get_allowance_or_404(allowance_id: int) -> AddressAllowance:
    return db.get_or_404(AddressAllowance, allowance_id)


def factor_for(address: str) -> int:
    """The highest factor of the listed networks holding `address` (1 when none does, or it is no address)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return 1
    best = 1
    for network, factor in db.session.execute(select(AddressAllowance.network, AddressAllowance.factor)):
        try:
            if ip in ipaddress.ip_network(network):
                best = max(best, factor)
        except ValueError:
            continue
    return best
