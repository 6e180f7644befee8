"""The aligner proper: banded n-m DP over embeddings, bead scores, calibrated confidence."""
