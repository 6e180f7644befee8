"""Bilingual document alignment: ingest, cleanup, segmentation, embeddings, alignment, evaluation."""

__version__ = "0.1.0"
