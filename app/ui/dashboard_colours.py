"""The district dashboard's bar colours, one map per chart.

Kept apart from the view so the colours of a kind (a stage, a level, a service) are
chosen in one place and read the same wherever they are drawn.
"""

from __future__ import annotations

from PySide6.QtGui import QColor

from app.models.vocabulary import InterventionLevel, PartnershipStatus, ServiceTier

STAGE_COLOUR = QColor("#3d6a9e")
STATUS_COLOURS = {
    PartnershipStatus.ACTIVE: QColor("#3d6a9e"),
    PartnershipStatus.MAINTAINING: QColor("#8a6d3b"),
    PartnershipStatus.CLOSED: QColor("#8c96a3"),
}
LEVEL_COLOURS: dict[InterventionLevel | None, QColor] = {
    InterventionLevel(1): QColor("#9b2c2c"),
    InterventionLevel(2): QColor("#c05621"),
    InterventionLevel(3): QColor("#b7791f"),
    InterventionLevel(4): QColor("#4f7cac"),
    InterventionLevel(5): QColor("#2f855a"),
    None: QColor("#a0aab5"),
}
SERVICE_COLOURS: dict[ServiceTier | None, QColor] = {
    ServiceTier.RELATIONSHIP: QColor("#3d6a9e"),
    ServiceTier.EDUCATION: QColor("#2f855a"),
    ServiceTier.TRAFFIC_SAFETY: QColor("#b7791f"),
    ServiceTier.SCHOOL_WIDE: QColor("#9b2c2c"),
    None: QColor("#a0aab5"),
}
