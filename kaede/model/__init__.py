"""The model wing: the chain as of a date, path search, the rules, chain drive, findings, process
features and the talk's examples.

May import :mod:`kaede.data` only.
"""
