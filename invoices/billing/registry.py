"""The billing systems the portal can push to: one line each (README: "Adding a billing system")."""

from invoices.billing.base import Adapter
from invoices.billing.billingo import BillingoAdapter
from invoices.billing.szamlazz import SzamlazzAdapter
from invoices.billing.webhook import WebhookAdapter

ADAPTERS: dict[str, type[Adapter]] = {
    adapter.system: adapter
    for adapter in (
        SzamlazzAdapter,
        BillingoAdapter,
        WebhookAdapter,
    )
}


def adapter_class(system: str) -> type[Adapter]:
    """The adapter for `system` (a key of ADAPTERS). Raises KeyError for an unknown one."""
    return ADAPTERS[system]


def system_choices() -> list[tuple[str, str]]:
    return [(system, str(adapter.label)) for system, adapter in ADAPTERS.items()]
