"""Policy-text entities: gazetteers, patterns and canonical ids (the ``entities`` stage's engine).

Pure functions over text; :mod:`multilat_nlp.stages.entities` puts the result into a ``Doc``.
"""

from multilat_nlp.entities.finder import EntityFinder, Mention
from multilat_nlp.entities.gazetteer import Gazetteer, GazetteerEntry, load_gazetteers

__all__ = ["EntityFinder", "Gazetteer", "GazetteerEntry", "Mention", "load_gazetteers"]
