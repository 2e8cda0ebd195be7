"""The evidence of the data set: documents with pages of text (a sample as real PDFs),
evidence items with purchase facts, and the letters citing them."""

import hashlib
import time
from collections import defaultdict
from datetime import timedelta
from decimal import Decimal

from fpdf import FPDF

from foia_tracker.documents.models import Document, DocumentPage, ExtractionStatus
from foia_tracker.evidence.models import EvidenceItem
from foia_tracker.letters.models import Letter, LetterCitation
from foia_tracker.records.models import STANDARD_TECHNOLOGIES

from .loader import Loader
from .requests import RequestSteps
from .settings import BATCH, DOCX, END_DATE, LARGE_EVIDENCE_SHARE, PDF
from .text import VENDOR_PRODUCTS


class Generator(RequestSteps):
    """Every load step, in the order generate() runs them."""

    def documents(self, load: Loader) -> None:
        self.documents_of = defaultdict(list)
        self.document_organisation = {}
        self.real_documents: list[int] = []
        self.document_pages = {}
        sequences = defaultdict(int)
        documents, pages = [], []
        page_id = 0
        real_seconds = 0.0
        for document_id in range(1, self.counts.documents + 1):
            communication_id, request_id, received_on = self.rng.choice(self.releases)
            organisation, reference, users = self.request_info[request_id]
            sequences[request_id] += 1
            sequence = sequences[request_id]
            is_real = organisation == 1 and len(self.real_documents) < self.counts.real_documents
            media_type, page_count = self._document_shape(is_real)
            texts = [self.vocabulary.page(self.rng) for _ in range(page_count or 0)]
            if media_type != PDF and not media_type.startswith("image/"):
                # E-mails, Word files and text have one "page": the whole extracted text.
                texts = [" ".join(texts)] if texts else [self.vocabulary.page(self.rng)]
            if is_real:
                started = time.perf_counter()
                sha256, size = self._write_pdf(texts)
                real_seconds += time.perf_counter() - started
                self.real_documents.append(document_id)
            else:
                sha256 = hashlib.sha256(f"bench-{self.seed}-{document_id}".encode()).hexdigest()
                size = self.rng.randint(20_000, 400_000) * max(1, page_count or 1) // 4
            uploaded = self._instant(received_on) + timedelta(hours=self.rng.randint(1, 72))
            stem = self.rng.choice(("contract", "invoice", "purchase-order", "nda", "policy",
                                    "email", "memo", "quote", "audit-log", "training"))
            extension = {PDF: "pdf", DOCX: "docx", "message/rfc822": "eml",
                         "text/plain": "txt"}.get(media_type, "jpg")
            documents.append({
                "id": document_id, "organisation_id": organisation, "request_id": request_id,
                "communication_id": communication_id if self.rng.random() < 0.95 else None,
                "sequence": sequence, "exhibit_number": f"{reference}-{sequence:03d}",
                "original_name": f"{stem}-{sequence:03d}.{extension}", "sha256": sha256,
                "size_bytes": size, "media_type": media_type,
                "page_count": page_count if media_type == PDF else None, "archive_id": None,
                "archive_path": "", "previous_version_id": None,
                "uploaded_by_id": self.rng.choice(users), "uploaded_at": uploaded,
                "deletion_reason": "",
                "extraction_status": ExtractionStatus.done if texts else ExtractionStatus.skipped,
                "extracted_pages": len(texts), "extraction_error": "",
                "extracted_at": uploaded + timedelta(minutes=5) if texts else None})
            for number, page_text in enumerate(texts, start=1):
                page_id += 1
                pages.append({"id": page_id, "document_id": document_id, "page_number": number,
                              "text": page_text})
            self.documents_of[organisation].append(document_id)
            self.document_organisation[document_id] = organisation
            self.document_pages[document_id] = (len(texts), received_on)
            if len(pages) >= 2 * BATCH:
                load.insert(Document.__table__, documents)
                load.insert(DocumentPage.__table__, pages)
                documents.clear(), pages.clear()
        load.insert(Document.__table__, documents)
        load.insert(DocumentPage.__table__, pages)
        self.real_pdf_seconds = real_seconds

    def _document_shape(self, is_real: bool) -> tuple[str, int | None]:
        if is_real:
            return PDF, self.rng.randint(2, 5)
        roll = self.rng.random()
        if roll < 0.75:
            size = self.rng.random()
            pages = (self.rng.randint(1, 3) if size < 0.33 else self.rng.randint(4, 16)
                     if size < 0.73 else self.rng.randint(17, 45))
            return PDF, pages
        if roll < 0.83:
            return "message/rfc822", 1
        if roll < 0.90:
            return DOCX, 1
        if roll < 0.95:
            return "text/plain", 1
        return "image/jpeg", None

    def _write_pdf(self, texts: list[str]) -> tuple[str, int]:
        """Store a real PDF with these page texts through the app's store; return hash and size."""
        pdf = FPDF()
        # A fixed date: the same seed must give the same bytes, hence the same hashes.
        pdf.set_creation_date(self.now)
        pdf.set_font("Helvetica", size=10)
        for page_text in texts:
            pdf.add_page()
            pdf.multi_cell(0, 5, page_text)
        data = bytes(pdf.output())
        staged = self.store.stage()
        staged.write(data)
        return self.store.keep(staged), len(data)

    def evidence(self, load: Loader) -> None:
        vendors = list(VENDOR_PRODUCTS)
        total = self.counts.evidence
        large = min(total, max(self.counts.letter_large, round(total * LARGE_EVIDENCE_SHARE)))
        others = [d for organisation, ids in self.documents_of.items() if organisation != 1
                  for d in ids] or self.documents_of[1]
        rows = []
        self.large_items = []
        for item_id in range(1, total + 1):
            if item_id <= self.counts.letter_large and self.real_documents:
                # The letters cite these: their documents have real files for the bundle.
                document = self.real_documents[(item_id - 1) % len(self.real_documents)]
            elif item_id <= large:
                document = self.rng.choice(self.documents_of[1])
            else:
                document = self.rng.choice(others)
            page_count, received_on = self.document_pages[document]
            organisation = 1 if item_id <= large else self.document_organisation[document]
            page_from = self.rng.randint(1, page_count) if page_count else None
            page_to = min(page_count, page_from + self.rng.randint(0, 2)) if page_from else None
            facts = {"technology": "", "vendor": "", "product": "", "contract_number": "",
                     "amount": None, "currency": "", "fact_date": None}
            if self.rng.random() < 0.65:
                vendor = self.rng.choice(vendors)
                product, technology = VENDOR_PRODUCTS[vendor]
                cents = self.rng.randint(5_000_00, 2_500_000_00)
                facts = {"technology": technology, "vendor": vendor, "product": product,
                         "contract_number": f"PO-{received_on.year}-{self.rng.randint(1000, 99999)}",
                         "amount": Decimal(cents) / 100,
                         "currency": self.rng.choices(("USD", "CAD", "EUR"), (92, 4, 4))[0],
                         "fact_date": received_on - timedelta(days=self.rng.randint(0, 400))}
                description = f"{vendor} sold {product} to the agency"
            else:
                facts["technology"] = self.rng.choice(STANDARD_TECHNOLOGIES) \
                    if self.rng.random() < 0.6 else ""
                description = "Policy and training material on the use of " + (
                    facts["technology"].lower() or "surveillance tools")
            users = self.users_of[organisation]
            created = self._instant(received_on) + timedelta(days=self.rng.randint(1, 30))
            rows.append({"id": item_id, "organisation_id": organisation, "document_id": document,
                         "page_from": page_from, "page_to": page_to,
                         "quotation": self.rng.choice(self.vocabulary.sentences),
                         "description": description, **facts,
                         "created_by_id": self.rng.choice(users), "created_at": created,
                         "updated_at": created})
            if organisation == 1:
                self.large_items.append(item_id)
        load.insert(EvidenceItem.__table__, rows)

    def letters(self, load: Loader) -> dict:
        letters, citations = [], []
        result = {}
        for letter_id, size in ((1, self.counts.letter_large), (2, self.counts.letter_small)):
            cited = self.large_items[:size]
            body = "\n\n".join(f"Finding {n}: the agency's own records show it [@E{item}]."
                               for n, item in enumerate(cited, start=1))
            letters.append({"id": letter_id, "organisation_id": 1,
                            "title": f"Coalition evidence list ({len(cited)} items)",
                            "addressee": "Members of the State Legislature",
                            "letter_date": END_DATE, "body": body,
                            "signatories": "Bench User 1\nBench User 2", "created_by_id": 1,
                            "created_at": self.now, "updated_at": self.now})
            citations += [{"letter_id": letter_id, "evidence_item_id": item, "number": n}
                          for n, item in enumerate(cited, start=1)]
            result[str(len(cited))] = letter_id
        load.insert(Letter.__table__, letters)
        load.insert(LetterCitation.__table__, citations)
        return result
