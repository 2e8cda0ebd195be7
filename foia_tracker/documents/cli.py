"""Commands for documents: text extraction."""

#: Click commands registered on the app's CLI.
COMMANDS: list = []
