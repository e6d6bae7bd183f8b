"""The invoices app's models, one module per wing: status (loaded from buyers' data), documents
(the supplier's own invoices and credit notes) and billing (pushes to the supplier's billing
system)."""

from invoices.models.exports import StatusExport  # noqa: F401
from invoices.models.status import (  # noqa: F401
    SEARCHED_NUMBERS,
    InvoiceStatus,
    LoadRun,
    PaymentWeek,
    StatusCount,
    status_labels,
)
