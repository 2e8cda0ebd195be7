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
    #: Decimals shown: 2 for money, 0 for counts.
    decimals: int = 2
    #: Heading of the value column, e.g. "Amount" or "Requests".
    value_name: str = "Amount"

    def format(self, value) -> str:
        """Return a value as the chart writes it (thousands separated, its decimals)."""
        return f"{value:,.{self.decimals}f}"

    @property
    def description(self) -> str:
        """Return the chart as one sentence, its text alternative."""
        if not self.points:
            return f"{self.title}: nothing to show."
        listed = "; ".join(f"{p.label}: {self.format(p.value)} {self.unit}" for p in self.points)
        return f"{self.title} ({self.unit}): {listed}."
