"""OCR of scanned pages (OCRmyPDF with Tesseract) and the searchable copy of a document."""
