from collections import defaultdict

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from connections.models import Attachment, AuditEntry, ConnectionRequest, Relationship
from connections.services import (
    relationship_identity_confirm,
    request_buyer_email_resend,
    request_confirm,
    request_reject,
)
from connections.attachments import attachment_response
from portal.lib.admin import ReadOnlyModelAdmin
from portal.lib.identifiers import vendor_code_normalise
from tickets.admin import OverdueFilter, SupportTicketAdmin
from tickets.forms import TicketRejectForm
from tickets.models import SupportTicket


class RequestPartiesColumns:
    """Admin columns for a row of one connection request (a challenge): the supplier account and
    the customer it connects."""

    @admin.display(description=_("supplier account"), ordering="request__account__legal_name")
    def account(self, obj):
        return obj.request.account

    @admin.display(description=_("customer"), ordering="request__buyer__legal_name")
    def buyer(self, obj):
        return obj.request.buyer


class RelationshipForm(forms.ModelForm):
    def clean_vendor_code(self):
        return vendor_code_normalise(self.cleaned_data["vendor_code"])


class PausedFilter(admin.SimpleListFilter):
    title = _("loads paused")
    parameter_name = "paused"

    def lookups(self, request, model_admin):
        return [("yes", _("Paused")), ("no", _("Loading"))]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(paused_at__isnull=self.value() == "no")
        return queryset


@admin.register(Relationship)
class RelationshipAdmin(admin.ModelAdmin):
    """What a relationship verified is written only by its services (a confirmation, the
    challenge, support's confirmation of a new identity below)."""

    form = RelationshipForm
    list_display = ["account", "buyer", "vendor_code", "verified_how", "verified_at", "paused_at", "created_at"]
    list_filter = [PausedFilter, "verified_how"]
    list_select_related = ["account", "buyer"]
    search_fields = ["account__legal_name", "account__network_number", "buyer__legal_name", "buyer__network_number"]
    raw_id_fields = ["account", "buyer"]
    readonly_fields = [
        "organisation", "code", "verified_vat_number", "verified_network_number", "verified_vendor_code",
        "verified_how", "verified_at", "verified_by", "verified_by_label", "paused_at", "buyer_asked_at",
    ]
    actions = ["confirm_identity"]

    def get_readonly_fields(self, request, obj=None):
        # What was verified belongs to this account and buyer: moving it would hand it to another.
        return [*self.readonly_fields, "account", "buyer"] if obj else self.readonly_fields

    def has_confirm_identity_permission(self, request):
        return request.user.has_perm("connections.confirm_identity")

    @admin.action(description=_("Confirm the supplier's new identity"), permissions=["confirm_identity"])
    def confirm_identity(self, request, queryset):
        done = 0
        for relationship in queryset:
            try:
                relationship_identity_confirm(relationship=relationship, by=request.user)
                done += 1
            except ValidationError as error:
                self.message_user(request, f"{relationship}: {' '.join(error.messages)}", messages.WARNING)
        if done:
            self.message_user(request, _("Confirmed: %(count)s.") % {"count": done}, messages.SUCCESS)


class AuditEntryInline(admin.TabularInline):
    model = AuditEntry
    fields = ["at", "actor_label", "from_state", "to_state", "reason"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ConnectionRequest)
class ConnectionRequestAdmin(ReadOnlyModelAdmin):
    """Read-only: requests change state only through the ticket actions (connections/services.py)."""

    list_display = ["account", "buyer", "state", "created_at", "closed_at"]
    list_filter = ["state", "created_at"]
    list_select_related = ["account", "buyer"]
    search_fields = ["account__legal_name", "account__network_number", "buyer__legal_name", "buyer__network_number"]
    inlines = [AuditEntryInline]


def _request(ticket: SupportTicket) -> ConnectionRequest | None:
    """The connection request that points at `ticket`, if any (the link lives on the request)."""
    return getattr(ticket, "request", None)


# Tickets named on the reason's page and in a refusal message; the others are counted.
REFERENCES_SHOWN = 20

admin.site.unregister(SupportTicket)


@admin.register(SupportTicket)
class RequestTicketAdmin(SupportTicketAdmin):
    """The ticket admin with what a connection request's ticket needs: the request's panel, its
    attachment, history and invoice challenge, and the actions that confirm, reject or resend it."""

    # "supplier_account", not "account": the ticket's own field of that name would win over the
    # method, and tickets made before tickets named their account showed "-".
    list_display = ["reference", "kind", "supplier_account", "buyer", "state", "deadline", "overdue", "created_at"]
    list_filter = [OverdueFilter, "kind", "request__state", "created_at"]
    list_select_related = ["account", "request__account", "request__buyer"]
    search_fields = [
        *SupportTicketAdmin.search_fields,
        "request__account__legal_name",
        "request__account__network_number",
        "request__account__vat_number",
        "request__buyer__legal_name",
        "request__buyer__network_number",
        "request__buyer__vat_number",
    ]
    fields = [
        *SupportTicketAdmin.fields, "request_summary", "attachment", "history", "invoice_challenge",
    ]
    readonly_fields = fields
    actions = ["confirm", "reject", "resend_buyer_email", "resolve"]

    @admin.display(description=_("supplier account"), ordering="account__legal_name")
    def supplier_account(self, ticket):
        req = _request(ticket)
        return req.account if req else ticket.account

    @admin.display(description=_("customer"), ordering="request__buyer__legal_name")
    def buyer(self, ticket):
        req = _request(ticket)
        return req.buyer if req else "—"

    @admin.display(description=_("state"), ordering="request__state")
    def state(self, ticket):
        req = _request(ticket)
        return req.get_state_display() if req else super().state(ticket)

    @admin.display(description=_("request"))
    def request_summary(self, ticket):
        req = _request(ticket)
        if req is None:
            return "—"
        rows = [
            (_("Supplier"), f"{req.account.legal_name} ({req.account.network_number}, {req.account.vat_number or '—'})"),
            (_("Customer"), str(req.buyer)),
            (_("AP contact"), f"{req.buyer.ap_contact_name} <{req.buyer.ap_contact_email}>" if req.buyer.ap_contact_email else "—"),
            (_("Vendor Code"), req.vendor_code or "—"),
            (_("Notes"), req.notes or "—"),
            (_("Reason"), req.reason or "—"),
        ]
        return format_html("<dl>{}</dl>", format_html_join("", "<dt>{}</dt><dd>{}</dd>", rows))

    @admin.display(description=_("attachment"))
    def attachment(self, ticket):
        req = _request(ticket)
        attachment = req and req.attachment
        if attachment is None:
            return "—"
        url = reverse("admin:tickets_supportticket_attachment", args=[attachment.code])
        return format_html('<a href="{}">{}</a>', url, attachment.original_name)

    @admin.display(description=_("history"))
    def history(self, ticket):
        req = _request(ticket)
        if req is None:
            return "—"
        entries = req.audit.all()
        return format_html(
            "<ol>{}</ol>",
            format_html_join(
                "",
                "<li>{} · {} → {} · {} {}</li>",
                (
                    (
                        timezone.localtime(entry.at).strftime("%Y-%m-%d %H:%M %Z"),
                        entry.get_from_state_display() or "—",
                        entry.get_to_state_display(),
                        entry.actor_label or _("system"),
                        entry.reason,
                    )
                    for entry in entries
                ),
            ),
        )

    @admin.display(description=_("invoice challenge"))
    def invoice_challenge(self, ticket):
        """Why a challenged request came to support: its last step and every answer (never the
        values typed)."""
        challenge = getattr(_request(ticket), "challenge", None)
        if challenge is None:
            return "—"
        attempts = format_html_join(
            "",
            "<li>{} · {} · {} · {} · {}</li>",
            (
                (
                    timezone.localtime(attempt.at).strftime("%Y-%m-%d %H:%M:%S %Z"),
                    attempt.user or "—",
                    attempt.get_step_display(),
                    attempt.get_outcome_display(),
                    attempt.client_address or "—",
                )
                for attempt in challenge.attempts.select_related("user")
            ),
        )
        summary = _("%(step)s, %(wrong)s wrong answers") % {
            "step": challenge.get_step_display(), "wrong": challenge.wrong_answers
        }
        return format_html("<p>{}</p><ol>{}</ol>", summary, attempts)

    def get_urls(self):
        view = self.admin_site.admin_view(self.attachment_view)
        return [path("attachment/<uuid:code>/", view, name="tickets_supportticket_attachment"), *super().get_urls()]

    def attachment_view(self, request, code):
        if not request.user.has_perm("connections.view_attachment"):
            raise PermissionDenied
        return attachment_response(get_object_or_404(Attachment, code=code))

    def _each(self, request, queryset, change, done_message):
        """Apply `change` to each selected ticket's request, each in its own transaction; the
        refusals are reported once per reason, not once per ticket (a selection may be thousands).
        Tickets about something else than a connection request are refused likewise."""
        done, refused = 0, defaultdict(list)
        for ticket in queryset.select_related("request__account", "request__buyer"):
            req = _request(ticket)
            if req is None:
                refused[_("Not about a connection request.")].append(ticket.reference)
                continue
            try:
                change(req)
                done += 1
            except ValidationError as error:
                refused[" ".join(error.messages)].append(ticket.reference)
        for reason, references in refused.items():
            shown = ", ".join(references[:REFERENCES_SHOWN]) + ("…" if len(references) > REFERENCES_SHOWN else "")
            message = ngettext(
                "%(count)d ticket left as it was (%(references)s): %(reason)s",
                "%(count)d tickets left as they were (%(references)s): %(reason)s",
                len(references),
            ) % {"count": len(references), "references": shown, "reason": reason}
            self.message_user(request, message, messages.WARNING)
        if done:
            self.message_user(request, done_message % {"count": done}, messages.SUCCESS)

    @admin.action(description=_("Confirm: connect the supplier"), permissions=["work"])
    def confirm(self, request, queryset):
        self._each(request, queryset, lambda req: request_confirm(req=req, by=request.user), _("Connected: %(count)s."))

    @admin.action(description=_("Reject with a reason"), permissions=["work"])
    def reject(self, request, queryset):
        form = TicketRejectForm(request.POST if "apply" in request.POST else None)
        if not form.is_valid():
            return self._reject_confirmation(request, queryset, form)
        reason = form.cleaned_data["reason"]
        self._each(
            request, queryset, lambda req: request_reject(req=req, by=request.user, reason=reason), _("Rejected: %(count)s.")
        )

    def _reject_confirmation(self, request, queryset, form):
        """The reason's page. It posts back exactly the selection the list posted (the ticked ids,
        or "all N" and the list's filters, kept in the page's address), never one field per
        ticket: a selection of every ticket would pass Django's limit on fields per request."""
        count = queryset.count()
        return render(
            request,
            "admin/tickets/supportticket/reject.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": _("Reject with a reason"),
                "form": form,
                "count": count,
                "more": max(count - REFERENCES_SHOWN, 0),
                "tickets": queryset.select_related("request__account", "request__buyer")[:REFERENCES_SHOWN],
                "selected": request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME),
                "select_across": request.POST.get("select_across", "0"),
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )

    @admin.action(description=_("Resend the e-mail to the customer"), permissions=["work"])
    def resend_buyer_email(self, request, queryset):
        self._each(
            request, queryset, lambda req: request_buyer_email_resend(req=req, by=request.user), _("E-mailed again: %(count)s.")
        )
