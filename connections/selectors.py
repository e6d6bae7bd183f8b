from dataclasses import dataclass
from itertools import groupby

from django.db.models import QuerySet

from connections.models import Attachment, ConnectionRequest, Relationship
from customers.models import BuyerEntity, BuyerGroup
from portal.lib.tenancy import for_org, get_object_for_org_or_404
from suppliers.models import Organisation, SupplierAccount


def relationships_for_account(*, org: Organisation, account: SupplierAccount) -> QuerySet[Relationship]:
    """The account's customer relationships, the test buyer first."""
    return (
        for_org(Relationship, org)
        .filter(account=account)
        .select_related("buyer")
        .order_by("-buyer__is_test_buyer", "buyer__legal_name")
    )


def requests_of(*, org: Organisation) -> QuerySet[ConnectionRequest]:
    return for_org(ConnectionRequest, org).select_related("account", "buyer", "ticket").order_by("-created_at")


def requests_by_codes(*, org: Organisation, codes: list) -> list[ConnectionRequest]:
    """The organisation's requests among `codes` (one CONNECT's batch), newest first."""
    return list(requests_of(org=org).select_related("challenge").filter(code__in=codes))


def request_get(*, org: Organisation, code) -> ConnectionRequest:
    return get_object_for_org_or_404(
        ConnectionRequest.objects.select_related("account", "buyer", "attachment", "ticket", "challenge"),
        org,
        code=code,
    )


def request_rejected_by_support(*, req: ConnectionRequest) -> bool:
    """Whether Help & Support (a signed-in user), not the buyer through its link, rejected `req`."""
    return req.audit.filter(to_state=ConnectionRequest.State.REJECTED, actor__isnull=False).exists()


def attachment_get(*, org: Organisation, code) -> Attachment:
    return get_object_for_org_or_404(Attachment, org, code=code)


@dataclass(frozen=True)
class Candidate:
    entity: BuyerEntity
    state: str = ""  # "" when the entity may be asked, else why not (connected, a request's state)
    pending: ConnectionRequest | None = None  # the account's open request to the entity


def _country_name(candidate: Candidate) -> str:
    return str(candidate.entity.country.name)


@dataclass(frozen=True)
class ConnectChoice:
    """What the connect page offers: the chosen entity (if any), its group and the entities that
    can be ticked, by country."""

    selected: BuyerEntity | None
    group: BuyerGroup | None
    candidates: list[Candidate]

    @property
    def by_country(self) -> list[tuple[str, list[Candidate]]]:
        rows = sorted(self.candidates, key=_country_name)
        return [(country, list(group)) for country, group in groupby(rows, _country_name)]

    @property
    def selected_candidate(self) -> Candidate | None:
        return next((candidate for candidate in self.candidates if candidate.entity == self.selected), None)

    @property
    def open_entities(self) -> list[BuyerEntity]:
        return [candidate.entity for candidate in self.candidates if not candidate.state]


def _candidates(org: Organisation, account: SupplierAccount, entities: list[BuyerEntity]) -> list[Candidate]:
    ids = [entity.pk for entity in entities]
    pending = {
        req.buyer_id: req
        for req in for_org(ConnectionRequest, org)
        .filter(account=account, buyer_id__in=ids, state__in=ConnectionRequest.OPEN_STATES)
        .select_related("ticket", "challenge")
    }
    connected = set(
        for_org(Relationship, org).filter(account=account, buyer_id__in=ids).values_list("buyer_id", flat=True)
    )
    connected_label = str(ConnectionRequest.State.ACTIVE.label)
    candidates = []
    for entity in entities:
        if entity.pk in connected:
            candidates.append(Candidate(entity, connected_label))
        elif req := pending.get(entity.pk):
            candidates.append(Candidate(entity, req.get_state_display(), req))
        else:
            candidates.append(Candidate(entity))
    return candidates


def connect_choice(
    *, org: Organisation, account: SupplierAccount, network_number: str = "", group_id: int | None = None
) -> ConnectChoice | None:
    """The entity or group a supplier picked from the search, each entity with what `account`
    already has of it, or None if there is no such entity or group."""
    selected = BuyerEntity.objects.filter(network_number=network_number).first() if network_number else None
    if selected:
        group = selected.groups.first()
    elif group_id:
        group = BuyerGroup.objects.filter(pk=group_id).first()
    else:
        group = None
    if selected is None and group is None:
        return None
    entities = list(group.entities.order_by("country", "legal_name")) if group else [selected]
    return ConnectChoice(selected, group, _candidates(org, account, entities))


def account_identity_relied_on_by_buyers(*, account: SupplierAccount) -> bool:
    """Whether a real buyer has verified (or is about to verify) the account's identity: through a
    relationship, or an open request."""
    org = account.organisation_id
    connected = for_org(Relationship, org).filter(account=account, buyer__is_test_buyer=False)
    asking = for_org(ConnectionRequest, org).filter(account=account, state__in=ConnectionRequest.OPEN_STATES)
    return connected.exists() or asking.exists()
