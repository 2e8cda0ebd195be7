"""Bulk intake: a production from a disc or a file share, stored as browser uploads would be."""
