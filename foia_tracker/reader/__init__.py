"""The reader: a document's pages as images beside their text, search hits and evidence on them.

Page images are derived files, drawn on first view and kept in the document store apart from
the evidence (`images`); what a page shows is gathered in `pages`; the routes are in `views`.
"""
