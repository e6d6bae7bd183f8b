"""The invoices app's models, one module per wing: status (loaded from buyers' data), documents
(the supplier's own invoices and credit notes) and billing (pushes to the supplier's billing
system)."""

from invoices.models.billing import BillingIntegration, BillingPush  # noqa: F401
from invoices.models.documents import (  # noqa: F401
    CURRENCIES,
    AllowanceCharge,
    DeliveryAttempt,
    DeliveryState,
    DocumentState,
    Invoice,
    InvoiceCount,
    InvoiceFrozen,
    InvoiceLine,
    NumberSequence,
    PaymentMeans,
    TypeCode,
    UnitCode,
    VatCategory,
)
from invoices.models.exports import StatusExport  # noqa: F401
from invoices.models.status import (  # noqa: F401
    SEARCHED_NUMBERS,
    InvoiceStatus,
    LoadRun,
    PaymentWeek,
    StatusCount,
    status_labels,
)
