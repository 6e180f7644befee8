"""Corpus mode: pair an archive's documents, align every pair once (resumably), merge the results into one TMX."""
