"""The data set's fixed choices and sizes, and the manifest the benchmarks read."""

import json
import os
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path

from foia_tracker.deadlines.jurisdictions import JURISDICTIONS
from foia_tracker.records.models import STANDARD_TECHNOLOGIES

ROOT = Path(__file__).resolve().parent.parent.parent
#: Under instance/, which git ignores.
DEFAULT_OUTPUT = ROOT / "instance" / "bench"
PASSWORD = "bench password 1234"
LOGIN_EMAIL = "bench@nat.bench.example"
#: The data set's "today": fixed, so the same seed gives the same data whatever the day.
END_DATE = date(2026, 11, 30)
YEARS = 8
#: Share of all requests made by the large (national) organisation.
LARGE_SHARE = 0.15
#: Share of all evidence items marked by the large organisation (it writes the letters).
LARGE_EVIDENCE_SHARE = 0.55
DETAIL_COMMUNICATIONS = 30
BATCH = 10_000
PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass(frozen=True)
class Counts:
    organisations: int
    users: int
    agencies: int
    requests: int
    documents: int
    evidence: int
    #: Documents with a real PDF in the store; the letters cite only these.
    real_documents: int
    letter_large: int
    letter_small: int
    campaigns: int
    #: Member organisations per campaign (all of them when the data set has fewer).
    campaign_members: int
    #: Requests linked to the campaigns, and evidence items shared into them, over all campaigns.
    campaign_requests: int
    campaign_shares: int

    @classmethod
    def at(cls, scale: float) -> "Counts":
        def n(full: int, least: int) -> int:
            return max(least, round(full * scale))
        return cls(organisations=n(50, 3), users=n(300, 6), agencies=n(5000, len(JURISDICTIONS)),
                   requests=n(100_000, 60), documents=n(100_000, 30), evidence=n(20_000, 20),
                   real_documents=n(200, 3), letter_large=n(10_000, 10), letter_small=n(1_000, 2),
                   campaigns=n(20, 2), campaign_members=10, campaign_requests=n(20_000, 20),
                   campaign_shares=n(5_000, 10))


@dataclass
class Manifest:
    """What the benchmarks need to know about a generated data set (DIR/manifest.json)."""

    scale: float
    seed: int
    database_url: str
    documents_path: str
    login_email: str = LOGIN_EMAIL
    password: str = PASSWORD
    large_organisation_id: int = 1
    #: The large organisation's request with exactly 30 communications.
    detail_request_id: int = 0
    #: An agency and a technology the large organisation has many requests for (list filters).
    filter_agency_id: int = 0
    filter_technology: str = STANDARD_TECHNOLOGIES[0]
    #: Letter ids by the number of evidence items they cite.
    letters: dict = field(default_factory=dict)
    #: The campaign the benchmarks read (0: the data set has none), led by the large
    #: organisation, and a phrase search that finds pages of the documents shared into it.
    campaign_id: int = 0
    campaign_query: str = ""
    rows: dict = field(default_factory=dict)
    seconds: dict = field(default_factory=dict)

    def write(self, folder: Path) -> None:
        (folder / "manifest.json").write_text(json.dumps(asdict(self), indent=2) + "\n")

    @classmethod
    def read(cls, path: str | os.PathLike) -> "Manifest":
        """Read the manifest of a data set folder (or of the folder holding bench.sqlite)."""
        path = Path(path)
        folder = path if path.is_dir() else path.parent
        return cls(**json.loads((folder / "manifest.json").read_text()))
