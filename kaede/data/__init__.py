"""The data wing: loading, validating and writing case packages; schemas, vocabularies, dates.

Imports nothing else of kaede. See DESIGN.md §3 and the README's module table.
"""
