"""The workshop wing: the live workshop (answers store, self-assessment, participant page, deck).

May import every other wing.
"""
