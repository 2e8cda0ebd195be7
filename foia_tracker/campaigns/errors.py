"""The refusal every campaign use-case raises."""


class CampaignRefused(Exception):
    """The change is not possible; the message says why. Nothing was written."""

    def __init__(self, message: str, status: int = 409):
        super().__init__(message)
        self.status = status
