"""Ingest: scanned PDFs and OCR text → clean German text with metadata (`Document` records)."""
