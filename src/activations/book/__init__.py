"""The book wing: everything a chapter shows, built from the core.

``from activations import book`` gives the chapter's top card (:func:`.at_a_glance.card`), the
display helpers (:mod:`.display`: tables,
equations, library source, glued numbers) and the page builders (:mod:`.pages`: formula,
parameter, property and framework tables, a page's address and citation). Its modules
:mod:`.plotting` (the one figure style), :mod:`.gallery` (the landing page's tiles),
:mod:`.toc`, :mod:`.bibliography` and :mod:`.site` (the site's identity, read from
``_config.yml``) are imported by name. Install it with the ``book`` extra (Matplotlib,
PyYAML); the core never imports it.
"""

from __future__ import annotations

from .at_a_glance import card
from .display import (
    GLUE_DIGITS,
    GLUE_PREFIX,
    Math,
    Source,
    Table,
    glue,
    latex,
    rounded,
    show_source,
)
from .interactive import explorer, sliders
from .pages import (
    cite_site,
    cite_this_page,
    formula,
    frameworks_table,
    latex_name,
    page_url,
    parameters_table,
    properties_table,
)
from .site import Site, site

__all__ = [
    "GLUE_DIGITS",
    "GLUE_PREFIX",
    "Math",
    "Site",
    "Source",
    "Table",
    "card",
    "cite_site",
    "cite_this_page",
    "explorer",
    "formula",
    "frameworks_table",
    "glue",
    "latex",
    "latex_name",
    "page_url",
    "parameters_table",
    "properties_table",
    "rounded",
    "show_source",
    "site",
    "sliders",
]
