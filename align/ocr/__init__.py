"""OCR repair (French): lexicon-checked fixes of accents and letter confusions, every change logged."""
