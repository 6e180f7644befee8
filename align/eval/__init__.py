"""Scoring alignments against gold: strict/lax beads, translation units."""
