"""Start next year: what last year can carry into the new one, each item ticked by hand.

Nothing starts ticked: the roll-over copies only what the officer chose, and last year
is never changed (``app.services.years.start_next_year``). Outcomes are listed with an
optional new target; next steps become draft response aims; activities not done can
go into the new plan; the profile can start from last year's copy.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.models.vocabulary import ActivityStatus
from app.services.years import CarriedOutcome, NextYearChoices, NextYearOffer

ERROR_STYLE = "color: #a4262c; font-weight: 600;"


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


class NextYearDialog(QDialog):
    """Build ``choices()`` from the ticks; refuses an unreadable new target by name."""

    def __init__(self, school_name: str, offer: NextYearOffer, parent: QWidget | None = None):
        super().__init__(parent)
        self.offer = offer
        last = offer.year - 1
        self.setWindowTitle(f"Start {offer.year} for {school_name}")
        intro = QLabel(
            f"<p><b>Start the {offer.year} partnership year.</b> Tick what to carry over "
            f"from {last}. Nothing is carried unless it is ticked, and {last} stays exactly "
            f"as it is: you can still open it from the year selector.</p>"
        )
        intro.setWordWrap(True)

        self.outcomes: list[tuple[str, QCheckBox, QLineEdit, str]] = []
        outcomes = QGroupBox("Agreed outcomes not yet achieved")
        grid = QGridLayout(outcomes)
        for row, outcome in enumerate(offer.open_outcomes):
            target = _number(outcome.target)
            unit = f" {outcome.unit}" if outcome.unit else ""
            label = f"Keep: {outcome.description}" + (f" (target {target}{unit})" if target else "")
            box = QCheckBox(label)
            new_target = QLineEdit()
            new_target.setPlaceholderText("New target (optional)")
            new_target.setAccessibleName(f"New target for {outcome.description}")
            new_target.setMaximumWidth(180)
            new_target.setEnabled(False)
            box.toggled.connect(new_target.setEnabled)
            grid.addWidget(box, row, 0)
            grid.addWidget(new_target, row, 1)
            self.outcomes.append((outcome.id, box, new_target, outcome.description))
        self._empty(grid, not offer.open_outcomes, "Every agreed outcome was achieved.")

        self.steps: list[tuple[str, QCheckBox]] = []
        steps = QGroupBox(f"Next steps from {last}'s reflection, as draft response aims")
        steps_layout = QGridLayout(steps)
        for row, line in enumerate(offer.next_steps):
            box = QCheckBox(line)
            steps_layout.addWidget(box, row, 0)
            self.steps.append((line, box))
        self._empty(steps_layout, not offer.next_steps, "The reflection lists no next steps.")

        self.activities: list[tuple[str, QCheckBox]] = []
        activities = QGroupBox(f"Activities not done in {last}, for the {offer.year} plan")
        activities_layout = QGridLayout(activities)
        for row, activity in enumerate(offer.undone_activities):
            status = f" ({ActivityStatus(activity.status).label})" if activity.status else ""
            box = QCheckBox(f"{activity.title}{status}")
            activities_layout.addWidget(box, row, 0)
            self.activities.append((activity.id, box))
        self._empty(
            activities_layout, not offer.undone_activities, "Every planned activity was done."
        )

        profile = QGroupBox("School profile")
        profile_layout = QVBoxLayout(profile)
        self.profile = QCheckBox(f"Start the {offer.year} profile from {last}'s copy")
        self.profile.setEnabled(offer.has_profile)
        if not offer.has_profile:
            self.profile.setToolTip(f"There is no {last} profile to copy")
        profile_layout.addWidget(self.profile)

        body = QWidget()
        body_layout = QVBoxLayout(body)
        for group in (outcomes, steps, activities, profile):
            body_layout.addWidget(group)
        body_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)

        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setAccessibleName("Problem")
        self.error.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.start_button = buttons.addButton(
            f"Start {offer.year}", QDialogButtonBox.ButtonRole.AcceptRole
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(760, 560)

    @staticmethod
    def _empty(grid: QGridLayout, empty: bool, text: str) -> None:
        if empty:
            note = QLabel(text)
            note.setEnabled(False)
            grid.addWidget(note, 0, 0)

    def choices(self) -> NextYearChoices:
        """What is ticked; raises ``ValueError`` naming a new target that is not a number."""
        carried = []
        for outcome_id, box, edit, description in self.outcomes:
            if not box.isChecked():
                continue
            text = edit.text().strip().replace(",", "")
            try:
                target = float(text) if text else None
            except ValueError:
                raise ValueError(
                    f"New target for “{description}”: enter a number (such as 12 or 85.5), "
                    "or leave it blank to keep the old target."
                ) from None
            carried.append(CarriedOutcome(outcome_id, target))
        return NextYearChoices(
            outcomes=tuple(carried),
            draft_aims=tuple(line for line, box in self.steps if box.isChecked()),
            activity_ids=tuple(i for i, box in self.activities if box.isChecked()),
            copy_profile=self.profile.isChecked(),
        )

    def accept(self) -> None:
        try:
            self.choices()
        except ValueError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return
        super().accept()
