"""What the audit trail's actions and fields are called in the interface."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "seed": _("Default data loaded"),
    "account created": _("Account created"),
    "account changed": _("Account changed"),
    "password changed": _("Password changed"),
    "password reset": _("Password set by an administrator"),
    "logged in": _("Logged in"),
    "logged out": _("Logged out"),
    "session expired": _("Session ended (idle or too old)"),
    "log-in failed": _("Log-in failed"),
    "locked out": _("Locked out after failed log-ins"),
    "import": _("Import"),
    "judgement set": _("Judgement set"),
    "judgement changed": _("Judgement changed"),
    "judgement cleared": _("Judgement removed"),
    "gate set": _("Precondition status set"),
    "gate changed": _("Precondition status changed"),
    "region added": _("Region added"),
    "compass version created": _("Compass version created"),
    "round created": _("Round created"),
    "decision recorded": _("Decision recorded"),
    "decision changed": _("Decision changed"),
    "round frozen": _("Round frozen"),
    "round adopted": _("Round adopted"),
}

FIELD_LABELS = {
    "category": _("Judgement"),
    "category_high": _("Unsure, up to"),
    "status": _("Status"),
    "rationale": _("Rationale"),
    "evidence": _("Evidence"),
    "level": _("Level"),
    "reasoning": _("Reasoning"),
    "track": _("Track"),
    "region": _("Region"),
}
