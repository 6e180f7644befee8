"""Bilingual terminology: candidates, pairing, sources (TMX, project) and exports (TBX, CSV, OmegaT)."""
