"""Mailboxes: agency replies read over IMAP (TLS only) and filed through mail intake."""
