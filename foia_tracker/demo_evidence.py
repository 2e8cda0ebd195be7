"""Demo evidence: released PDFs and an e-mail, excerpts marked as evidence, a coalition letter.

The files are generated (real PDFs) and go through the same checks and storage as uploads.
"""

from datetime import date
from decimal import Decimal
from email.message import EmailMessage

from fpdf import FPDF
from sqlalchemy import select

from .audit.recorder import acting_as
from .communications.models import Communication
from .communications.status import Kind
from .documents.extraction import extraction_run
from .documents.intake import inspect_file
from .documents.models import Document
from .documents.services import documents_upload
from .storage import document_store
from .evidence.services import evidence_item_create
from .extensions import db
from .letters.citations import citation_code
from .letters.services import letter_create
from .records.models import RecordsRequest

#: Released files per demo request title: (file name, pages of text or an e-mail body).
RELEASES = {
    "Amazon Rekognition contracts and use policy": [
        ("Rekognition_service_order.pdf", [
            "WASHINGTON COUNTY SHERIFF'S OFFICE\nService order: Amazon Web Services, Inc.\n\n"
            "This order covers the Amazon Rekognition image analysis service for the Sheriff's "
            "Office face recognition program, to compare photographs against the county's "
            "booking photo database of approximately 300,000 images.",
            "PRICING\n\nAmazon Rekognition (face recognition), pay as you go.\n"
            "Initial set-up and data load: 400.00 USD.\n"
            "Estimated monthly charges: 6.00 to 12.00 USD.\n"
            "Purchase order PO-2017-0412, approved December 1, 2017.",
            "USE POLICY (DRAFT)\n\nDeputies may submit photographs of persons of interest. "
            "Results are investigative leads only. No audit of searches is required at this time.",
        ]),
        ("Invoice_AWS_2018-03.pdf", [
            "INVOICE\nAmazon Web Services, Inc.\nBill to: Washington County Sheriff's Office\n"
            "Invoice date: March 3, 2018. Invoice number: 1234-5678.",
            "Amazon Rekognition - face detection and face search: 11.56 USD.\n"
            "Total due: 11.56 USD.",
        ]),
        ("Onboarding_email.eml", "Subject: Rekognition onboarding\n\nHi team,\n\nWelcome to "
         "Amazon Rekognition. As discussed, we would like to feature the Sheriff's Office face "
         "recognition deployment as a customer case study, and ask that you not share the "
         "pricing in this message outside your office.\n\nAWS Solutions Architect"),
    ],
    "Face recognition on mobile devices (TACIDS)": [
        ("TACIDS_agreement.pdf", [
            "TACTICAL IDENTIFICATION SYSTEM (TACIDS)\nParticipation agreement, San Diego "
            "Police Department.\n\nFace recognition on handheld devices through the regional "
            "booking photo database.",
            "COSTS\n\nFaceFirst mobile face recognition licences for 1,300 devices.\n"
            "Contract number SANDAG-5001234. Total: 1,200,000.00 USD over five years.",
        ]),
    ],
}


def seed_demo_evidence(today: date) -> None:
    """Attach the demo files to their requests, mark evidence and write a coalition letter."""
    for title, files in RELEASES.items():
        request = db.session.scalar(select(RecordsRequest).where(RecordsRequest.title == title))
        with acting_as(request.assignee):
            documents_upload(request=request, communication=_latest_release(request),
                             actor=request.assignee,
                             incoming=[_incoming(name, content) for name, content in files])
    exhibits = {document.original_name: document
                for document in db.session.scalars(select(Document))}
    order, invoice, email, tacids = (
        exhibits["Rekognition_service_order.pdf"], exhibits["Invoice_AWS_2018-03.pdf"],
        exhibits["Onboarding_email.eml"], exhibits["TACIDS_agreement.pdf"])
    with acting_as(tacids.request.assignee):
        evidence_item_create(document=tacids, actor=tacids.request.assignee, values=_facts(
            page_from=2, page_to=2, quotation="Total: 1,200,000.00 USD over five years.",
            description="San Diego police bought mobile face recognition for 1,300 devices.",
            technology="Face recognition", vendor="FaceFirst", product="FaceFirst mobile",
            contract_number="SANDAG-5001234", amount=Decimal("1200000.00"), currency="USD",
            fact_date=date(2016, 7, 1)))
    with acting_as(order.request.assignee):
        _seed_oregon_evidence(today, order, invoice, email)
    # Searchable at once, without waiting for the scheduler's extraction job.
    extraction_run()


def _seed_oregon_evidence(today: date, order: Document, invoice: Document,
                          email: Document) -> None:
    admin = order.request.assignee
    purchase = evidence_item_create(document=order, actor=admin, values=_facts(
        page_from=2, page_to=2, quotation="Initial set-up and data load: 400.00 USD.",
        description="The Sheriff's Office bought Amazon Rekognition for face recognition.",
        technology="Face recognition", vendor="Amazon Web Services", product="Amazon Rekognition",
        contract_number="PO-2017-0412", amount=Decimal("400.00"), currency="USD",
        fact_date=date(2017, 12, 1)))
    database = evidence_item_create(document=order, actor=admin, values=_facts(
        page_from=1, page_to=1, quotation="the county's booking photo database of approximately "
        "300,000 images", description="Rekognition searches the county's 300,000 booking photos."))
    no_audit = evidence_item_create(document=order, actor=admin, values=_facts(
        page_from=3, page_to=3, quotation="No audit of searches is required at this time.",
        description="The draft policy requires no audit of face searches."))
    monthly = evidence_item_create(document=invoice, actor=admin, values=_facts(
        page_from=2, page_to=2, quotation="Total due: 11.56 USD.",
        description="A month of face searches cost the county 11.56 USD.",
        technology="Face recognition", vendor="Amazon Web Services", product="Amazon Rekognition",
        contract_number="1234-5678", amount=Decimal("11.56"), currency="USD",
        fact_date=date(2018, 3, 3)))
    secrecy = evidence_item_create(document=email, actor=admin, values=_facts(
        quotation="ask that you not share the pricing in this message outside your office",
        description="The vendor asked the Sheriff's Office to keep pricing confidential."))
    letter_create(organisation_id=admin.organisation_id, actor=admin, values={
        "title": "Face surveillance in Washington County: a coalition letter",
        "addressee": "Board of County Commissioners\nWashington County\n155 N First Avenue\n"
                     "Hillsboro, OR 97124",
        "letter_date": today,
        "body": _letter_body(purchase, database, no_audit, monthly, secrecy),
        "signatories": "Oregon Civil Liberties Union (demo)\nWashington Civil Liberties Union "
                       "(demo)\nCalifornia Civil Liberties Union (demo)",
    })


def _letter_body(purchase, database, no_audit, monthly, secrecy) -> str:
    cite = citation_code
    return (
        "Dear Commissioners,\n\n"
        "We write as a coalition of civil-liberties organisations about the Sheriff's Office's "
        "use of **face recognition**.\n\n"
        f"Records the Sheriff's Office released to us show that it bought Amazon Rekognition "
        f"{cite(purchase.id)} and uses it to search about 300,000 booking photographs "
        f"{cite(database.id)}. The service costs very little to run {cite(monthly.id)}, so "
        "nothing but policy limits how often it is used, yet the draft policy requires no audit "
        f"of searches {cite(no_audit.id)}.\n\n"
        f"The vendor asked that its pricing be kept from the public {cite(secrecy.id)}. "
        f"The public has a right to know what its government buys {cite(purchase.id)}.\n\n"
        "We ask the Board to:\n\n"
        "1. suspend the use of face recognition until it has held public hearings;\n"
        "2. publish every contract, invoice and policy concerning it;\n"
        "3. require an audit log of every search.\n\n"
        "Sincerely,"
    )


def _facts(**values) -> dict:
    blank = {"page_from": None, "page_to": None, "quotation": "", "technology": "", "vendor": "",
             "product": "", "contract_number": "", "amount": None, "currency": "",
             "fact_date": None}
    return {**blank, **values}


def _latest_release(request: RecordsRequest) -> Communication | None:
    releases = [c for c in request.communications
                if c.kind in (Kind.partial_release, Kind.final_release)]
    return releases[-1] if releases else None


def _incoming(name: str, content):
    staged = document_store().stage()
    staged.write(_pdf(content) if isinstance(content, list) else _eml(content))
    return inspect_file(name, staged)


def _pdf(pages: list[str]) -> bytes:
    pdf = FPDF()
    pdf.set_font("Helvetica", size=12)
    for text in pages:
        pdf.add_page()
        pdf.multi_cell(0, 7, text)
    return bytes(pdf.output())


def _eml(text: str) -> bytes:
    headers, _, body = text.partition("\n\n")
    message = EmailMessage()
    message["From"] = "solutions-architect@aws.example"
    message["To"] = "records@co.washington.or.us.example"
    message["Subject"] = headers.removeprefix("Subject: ")
    message["Date"] = "Mon, 04 Dec 2017 09:30:00 -0800"
    message.set_content(body)
    return bytes(message)


