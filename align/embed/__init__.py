"""Sentence encoders, the text they see, and the embedding cache."""
