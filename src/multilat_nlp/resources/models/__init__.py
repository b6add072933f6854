"""The entity tagger's weights (ner_chars.npz); see docs/entities.md for data and licence."""
