"""Agencies: shared reference data, one row per real-world agency."""

import enum
from datetime import datetime

from sqlalchemy import Enum, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..db_types import UTCDateTime, utcnow
from ..deadlines.jurisdictions import JURISDICTIONS
from ..extensions import db


class Level(enum.Enum):
    federal = "Federal"
    state = "State"
    county = "County"
    city = "City"
    other = "Other"


class AgencyKind(enum.Enum):
    police = "Police department"
    sheriff = "Sheriff's office"
    prosecutor = "Prosecutor"
    state_police = "State police / highway patrol"
    fusion_center = "Fusion center"
    corrections = "Corrections"
    city_administration = "City administration"
    county_administration = "County administration"
    school_district = "School district"
    transit = "Transit"
    federal_agency = "Federal agency"
    other = "Other"


class Agency(db.Model):
    __audited__ = True
    __table_args__ = (UniqueConstraint("name", "jurisdiction", name="uq_agency_name_jurisdiction"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    #: Code of the jurisdiction whose records law governs the agency: "US", a state, "DC", "PR".
    jurisdiction: Mapped[str] = mapped_column(String(2), index=True)
    level: Mapped[Level] = mapped_column(Enum(Level, native_enum=False, length=16))
    kind: Mapped[AgencyKind] = mapped_column(Enum(AgencyKind, native_enum=False, length=32))
    records_officer: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    portal_url: Mapped[str] = mapped_column(String(500), default="")
    postal_address: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    #: The organisation whose editor created it, which counts as using it; None for agencies
    #: of the whole installation (demo data, or created before agencies had stewards).
    created_by_organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def __str__(self) -> str:
        return self.name

    @property
    def jurisdiction_name(self) -> str:
        return JURISDICTIONS[self.jurisdiction].name
