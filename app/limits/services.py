"""Writes of the address allowances; each is audited."""

from app.audit.services import audit
from app.extensions import db
from app.limits.models import AddressAllowance


def add_allowance(network: str, label: str, factor: int, actor) -> AddressAllowance:
    allowance = AddressAllowance(network=network, label=label, factor=factor)
    db.session.add(allowance)
    db.session.flush()
    audit("limits.allowance_add", actor=actor, target=allowance,
          details={"network": network, "label": label, "factor": factor})
    db.session.commit()
    return allowance


def remove_allowance(allowance: AddressAllowance, actor):
    audit("limits.allowance_remove", actor=actor, target=allowance,
          details={"network": allowance.network, "label": allowance.label, "factor": allowance.factor})
    db.session.delete(allowance)
    db.session.commit()
