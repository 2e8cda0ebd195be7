"""The form to mark an excerpt of a document as evidence, with its purchase facts."""

import re
from decimal import Decimal

from wtforms import IntegerField
from wtforms.validators import Optional, ValidationError

from ..documents.models import Document
from ..web.date_field import IsoDateField
from ..web.forms import AppForm, SelectField, StringField, parsed, text
from .filters import technology_choices

#: The largest amount kept to the cent everywhere: SQLite stores NUMERIC as a binary float,
#: exact to 15 significant digits (the column, Numeric(16, 2), would take one more).
MAX_AMOUNT = Decimal("9999999999999.99")
#: Pages beyond this are a typo, whatever the document (and would overflow the column).
MAX_PAGE = 100_000
DEFAULT_CURRENCY = "USD"
EARLIEST_FACT_YEAR, LATEST_FACT_YEAR = 1900, 2100
# Digits with optional thousands separators and cents, as people type amounts: 12,500.00
_AMOUNT = re.compile(r"^(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")
_CURRENCY = re.compile(r"^[A-Z]{3}$")


def _upper(value):
    return value.strip().upper() if isinstance(value, str) else value


def parse_amount(raw: str) -> Decimal:
    """Return the amount typed, or raise ValueError with a message for the user."""
    cleaned = raw.strip().removeprefix("$").strip()
    if cleaned.startswith("-"):
        raise ValueError("The amount cannot be negative.")
    if not _AMOUNT.match(cleaned):
        raise ValueError("Enter the amount in figures, e.g. 12500.00 or 12,500.00.")
    amount = Decimal(cleaned.replace(",", ""))
    if amount.as_tuple().exponent < -2:
        raise ValueError("Use at most 2 decimal places (cents).")
    if amount > MAX_AMOUNT:
        raise ValueError("The amount is too large; check the figure.")
    return amount


class PageField(IntegerField):
    """A page number; a word or a fraction gets a message saying what is expected."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError("Enter a page number, e.g. 4.") from None


class EvidenceItemForm(AppForm):
    page_from = PageField("First page", validators=[Optional(), parsed])
    page_to = PageField("Last page", validators=[Optional(), parsed],
                        description="Leave empty when the excerpt is on one page.")
    quotation = text("Quotation", max=20000, multiline=True,
                     description="The words of the document, as they appear.")
    description = text("Description", max=5000, required=True, multiline=True,
                       description="What this excerpt shows, in your words.")
    technology = SelectField("Technology", default="", choices=technology_choices("—"))
    vendor = text("Vendor", max=200, description="e.g. Amazon Web Services")
    product = text("Product", max=200, description="e.g. Amazon Rekognition")
    contract_number = text("Contract or purchase-order number", max=100)
    amount = text("Amount", max=40, description="e.g. 12,500.00")
    currency = StringField("Currency", filters=[_upper], validators=[Optional()],
                           description="Three-letter ISO 4217 code, e.g. USD. Required with an amount.")
    fact_date = IsoDateField("Date", validators=[Optional(), parsed],
                             description="Of the contract, invoice or purchase.")

    def __init__(self, *args, document: Document, **kwargs):
        super().__init__(*args, **kwargs)
        #: Known for PDFs; None for e-mails, Word files and images, which have no pages.
        self._page_count = document.page_count

    def validate(self, extra_validators=None) -> bool:
        # Optional() ends a blank field's checks, so what a blank field means is decided here.
        valid = super().validate(extra_validators)
        missing = {}
        if self.page_from.data is None and not self.page_from.errors:
            if self.page_to.data is not None:
                missing[self.page_from] = "Enter the first page too."
            elif (self._page_count or 0) > 1:
                missing[self.page_from] = "Enter the page the excerpt starts on."
        if self.amount.data and not self.currency.data:
            missing[self.currency] = "Give the currency of the amount, e.g. USD."
        for field, message in missing.items():
            field.errors.append(message)
        return valid and not missing

    def validate_page_from(self, field):
        self._check_page(field.data)

    def validate_page_to(self, field):
        self._check_page(field.data)
        if None not in (self.page_from.data, field.data) and field.data < self.page_from.data:
            raise ValidationError("The last page is before the first page.")

    def _check_page(self, page: int | None) -> None:
        if page is None:  # not a number: the field already says so
            return
        if page < 1:
            raise ValidationError("Pages are numbered from 1.")
        if self._page_count is not None and page > self._page_count:
            pages = "1 page" if self._page_count == 1 else f"{self._page_count} pages"
            raise ValidationError(f"This document has {pages}.")
        if page > MAX_PAGE:
            raise ValidationError(f"Pages above {MAX_PAGE:,} are not accepted.")

    def validate_amount(self, field):
        try:
            parse_amount(field.data)
        except ValueError as error:
            raise ValidationError(str(error)) from None

    def validate_currency(self, field):
        if not _CURRENCY.match(field.data):
            raise ValidationError("Enter a three-letter ISO 4217 code, e.g. USD or EUR.")

    def validate_fact_date(self, field):
        if not EARLIEST_FACT_YEAR <= field.data.year <= LATEST_FACT_YEAR:
            raise ValidationError(
                f"Enter a date between {EARLIEST_FACT_YEAR} and {LATEST_FACT_YEAR}.")

    def values(self) -> dict:
        """Return the submitted values for the evidence service."""
        amount = parse_amount(self.amount.data) if self.amount.data else None
        page_from = self.page_from.data
        if page_from is None and self._page_count == 1:
            page_from = 1
        return {
            "page_from": page_from,
            "page_to": self.page_to.data if self.page_to.data is not None else page_from,
            "quotation": self.quotation.data or "",
            "description": self.description.data,
            "technology": self.technology.data or "",
            "vendor": self.vendor.data or "",
            "product": self.product.data or "",
            "contract_number": self.contract_number.data or "",
            "amount": amount,
            # A currency alone states nothing; it is kept only with the amount it qualifies.
            "currency": self.currency.data if amount is not None else "",
            "fact_date": self.fact_date.data,
        }

    def fill_from(self, item) -> None:
        """Pre-fill the form from an existing evidence item."""
        for name in ("page_from", "page_to", "quotation", "description", "technology", "vendor",
                     "product", "contract_number", "fact_date"):
            getattr(self, name).data = getattr(item, name)
        self.amount.data = f"{item.amount:.2f}" if item.amount is not None else ""
        self.currency.data = item.currency or DEFAULT_CURRENCY

    def fill_defaults(self) -> None:
        """Pre-fill a new item's form."""
        self.currency.data = DEFAULT_CURRENCY
