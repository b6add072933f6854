"""Argument-structure tagging of Chinese policy texts (scheme: docs/design.md, "Arguments").

Units are sentences; a cue layer (the scheme's lexicons, CDTB/TED connectives, precedence rules,
section-role prior) feeds a small linear model; relations, thesis and recommendation attributes
are derived from the labels.
"""
