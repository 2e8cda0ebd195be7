"""What a chart shows: labelled values in one unit."""

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Point:
    label: str
    value: Decimal


@dataclass(frozen=True)
class Chart:
    """A bar chart: one value per label, all in `unit` (a currency code)."""

    title: str
    #: Heading of the label column in the table and the CSV, e.g. "Year" or "Agency".
    label_name: str
    unit: str
    points: tuple[Point, ...]
    #: Bars along the label axis (names read best on the left); False for years, left to right.
    horizontal: bool = True

    @property
    def description(self) -> str:
        """Return the chart as one sentence, its text alternative."""
        if not self.points:
            return f"{self.title}: nothing to show."
        listed = "; ".join(f"{p.label}: {p.value:,.2f} {self.unit}" for p in self.points)
        return f"{self.title} ({self.unit}): {listed}."
