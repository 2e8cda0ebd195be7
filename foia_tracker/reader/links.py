"""Where a reader page links: the owner's own routes, or a campaign's read-only ones."""

from dataclasses import dataclass

from flask import url_for


@dataclass(frozen=True)
class ReaderLinks:
    document_id: int
    #: Set when a member reads a document shared into this campaign: every link stays inside
    #: the campaign's grant (no details page, no marking, no other documents of the owner).
    campaign_id: int | None = None

    @property
    def is_owner(self) -> bool:
        return self.campaign_id is None

    def page(self, number: int, *, document_id: int | None = None, **args) -> str:
        """Return the URL of a page of this document (or of another one readable the same way)."""
        document_id = document_id or self.document_id
        if self.is_owner:
            return url_for("reader.page", document_id=document_id, number=number, **args)
        return url_for("campaign_documents.page", campaign_id=self.campaign_id,
                       document_id=document_id, number=number, **args)

    def image(self, number: int, width: int) -> str:
        if self.is_owner:
            return url_for("reader.image", document_id=self.document_id, number=number,
                           width=width)
        return url_for("campaign_documents.image", campaign_id=self.campaign_id,
                       document_id=self.document_id, number=number, width=width)

    def go(self) -> str:
        if self.is_owner:
            return url_for("reader.go", document_id=self.document_id)
        return url_for("campaign_documents.go", campaign_id=self.campaign_id,
                       document_id=self.document_id)

    def details(self, **args) -> str:
        """Return the document's own page, or for a campaign the campaign's shared evidence."""
        if self.is_owner:
            return url_for("documents.show", document_id=self.document_id, **args)
        return url_for("campaigns.show", campaign_id=self.campaign_id, _anchor="evidence")

    def download(self) -> str:
        if self.is_owner:
            return url_for("documents.download", document_id=self.document_id)
        return url_for("campaigns.download", campaign_id=self.campaign_id,
                       document_id=self.document_id)

    def evidence(self, item_id: int) -> str:
        if self.is_owner:
            return url_for("evidence.show", item_id=item_id)
        return url_for("campaigns.show", campaign_id=self.campaign_id, _anchor=f"shared-{item_id}")
