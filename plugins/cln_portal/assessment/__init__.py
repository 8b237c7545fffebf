"""The self-assessment: members rate themselves against the CLN competency framework's statements
and are shown their profile and the network's content on the competencies they rated lowest.

Private by design: the page carries everything it needs (:func:`model.page_data`, embedded as
JSON) and the browser does the arithmetic; nothing is sent or stored unless the member asks.
:func:`model.assess` is the specification of that arithmetic, and ``self-assessment.js``
implements it once for the browser; a test runs both over the same inputs.
"""

from .model import FORMAT, KINDS, assess, page_data, statement_id
from .render import data_script, page_html

__all__ = ["FORMAT", "KINDS", "assess", "data_script", "page_data", "page_html", "statement_id"]
