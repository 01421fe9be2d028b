"""The verification wing: how the core is checked against exact arithmetic.

:mod:`.exact` (exact values with mpmath, the sweep of floats, the ulp),
:mod:`.reference_values` (those exact values stored for the whole sweep),
:mod:`.accuracy` (ulp errors and their bounds), :mod:`.textbook` (the formulas as
textbooks write them, to compare against) and :mod:`.refresh` (the two refreshers of
what the library stores: ``make properties`` and ``make reference-values``).
"""
