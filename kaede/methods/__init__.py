"""The methods wing: comparative methods over findings and features (intercoder reliability, QCA).

May import :mod:`kaede.data` and :mod:`kaede.model`.
"""
