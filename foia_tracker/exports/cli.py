"""Commands for evidence: exports and the integrity check of stored files."""

#: Click commands registered on the app's CLI.
COMMANDS: list = []
