"""The views wing: tables, plots, widget state and widgets.

May import :mod:`kaede.data`, :mod:`kaede.model` and :mod:`kaede.methods`. Importing this package
imports neither matplotlib nor ipywidgets; :mod:`kaede.views.plot` and :mod:`kaede.views.widgets` do.
"""
