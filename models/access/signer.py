"""Who signs for the office: the name on a 督办单 and on a review (审批延期, 审核办结).

With accounts, the person signed in signs: their account's display name,
which a dialog shows and does not let anyone change. In the zero-setup
registry (no accounts, :meth:`models.access.actor.Actor.local`) the window
knows no person, only "本机用户", so the office names itself once: the
registry setting 督查室 签发人 (:data:`OFFICE_SIGNER`), asked the first time
a notice needs it and changeable in the notice dialog. It is a registry
setting, not the computer's, because every notice of the registry is signed
by the same office.

This is not the name a liaison reports progress under (the window remembers
that one for 更新进展): a liaison's name on a review or a notice was the bug
this module exists for.
"""
from __future__ import annotations

from dataclasses import dataclass

from models.access import audit
from models.access.actor import Actor, acting
from models.access.permissions import require_office
from models.errors import InvalidInput, translate_errors
from models.registry.schema import Setting, db

__all__ = ["OFFICE_SIGNER", "OWN_REVIEW", "Signer", "office_signer", "signer_of", "set_office_signer",
           "is_own_review"]

OFFICE_SIGNER = "office_signer"
OWN_REVIEW = "本人申请、本人审核"       # what a review of one's own request says of itself


@dataclass(frozen=True)
class Signer:
    """The name that signs for ``actor``; ``from_account``: the signed-in account's, not to be edited."""

    name: str                  # "" while the zero-setup office has not named itself
    from_account: bool


def is_own_review(reviewer: str, applicant: str) -> bool:
    """Whether a review is by the person who applied (by name: applications keep only the name).

    Not refused: in a one-person office the same clerk may well do both,
    but it is a deliberate choice the review records, never a default.
    """
    return bool(reviewer.strip()) and reviewer.strip() == applicant.strip()


@translate_errors
def office_signer() -> str:
    """The office's own name as stored (督查室 签发人), or ""."""
    return Setting.select(Setting.value).where(Setting.key == OFFICE_SIGNER).scalar() or ""


def signer_of(actor: Actor) -> Signer:
    """Who signs when ``actor`` acts: the account's name, else (zero-setup) the office's own."""
    if actor.account_id is not None:
        return Signer(actor.label, True)
    return Signer(office_signer(), False)


@translate_errors
def set_office_signer(name: str, *, actor: Actor | None = None) -> str:
    """Store the office's own name (office only, audited); the name as stored.

    InvalidInput for a blank name: a notice must say who signed it.
    """
    name = name.strip()
    if not name:
        raise InvalidInput("请填写签发人姓名（督查室签发人）")
    with db.atomic("IMMEDIATE"):
        actor = acting(actor)
        require_office(actor, "设置督查室签发人")
        before = office_signer()
        if before == name:
            return name
        if Setting.select().where(Setting.key == OFFICE_SIGNER).exists():
            Setting.update(value=name).where(Setting.key == OFFICE_SIGNER).execute()
        else:
            Setting.insert(key=OFFICE_SIGNER, value=name).execute()
        audit.record(actor, "setting", f"setting:{OFFICE_SIGNER}", {OFFICE_SIGNER: before or None},
                     {OFFICE_SIGNER: name}, f"督查室签发人：{name}")
    return name
