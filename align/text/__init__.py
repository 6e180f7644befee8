"""Text clean-up between reading and aligning: layout, furniture, hyphens, typography, sentences, language check."""
