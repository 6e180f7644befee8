"""Exports of aligned units beyond TMX: an XLSX review sheet and XLIFF 1.2."""
