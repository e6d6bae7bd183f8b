"""Support staff work tickets here. Every action calls the same services as the rest of the
portal; staff outside the "Support" group (and without its permissions) see nothing of it."""

from collections import defaultdict

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from connections.models import Attachment
from connections.services import request_buyer_email_resend, request_confirm, request_reject
from connections.attachments import attachment_response
from tickets.forms import TicketRejectForm
from tickets.models import SupportTicket, TicketMessage
from tickets.services import ticket_account_details_resolve, ticket_message_add

# Tickets named on the reason's page and in a refusal message; the others are counted.
REFERENCES_SHOWN = 20


class OverdueFilter(admin.SimpleListFilter):
    title = _("overdue")
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", _("Overdue")), ("no", _("On time"))]

    def queryset(self, request, queryset):
        overdue = {"resolved_at__isnull": True, "deadline__lt": timezone.now()}
        if self.value() == "yes":
            return queryset.filter(**overdue)
        if self.value() == "no":
            return queryset.exclude(**overdue)
        return queryset


class TicketMessageInline(admin.StackedInline):
    """Support writes to the supplier by adding a message; earlier messages cannot be edited."""

    model = TicketMessage
    extra = 1
    fields = ["body", "from_support", "author", "created_at"]
    readonly_fields = ["from_support", "author", "created_at"]
    can_delete = False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(SupportTicket)
class SupportTicketAdmin(admin.ModelAdmin):
    # "supplier_account", not "account": a model field of that name would win over the method, and
    # a connection request's ticket has its account on the request, so the column showed "-".
    list_display = ["reference", "kind", "supplier_account", "buyer", "state", "deadline", "overdue", "created_at"]
    list_filter = [OverdueFilter, "kind", "request__state", "created_at"]
    list_select_related = ["request__account", "request__buyer", "account"]
    search_fields = [
        "reference",
        "subject",
        "account__legal_name",
        "account__network_number",
        "account__vat_number",
        "request__account__legal_name",
        "request__account__network_number",
        "request__account__vat_number",
        "request__buyer__legal_name",
        "request__buyer__network_number",
        "request__buyer__vat_number",
    ]
    fields = [
        "reference", "kind", "subject", "state", "deadline", "created_at", "resolved_at", "request_summary", "attachment",
        "history", "invoice_challenge",
    ]
    readonly_fields = fields
    inlines = [TicketMessageInline]
    actions = ["confirm", "reject", "resend_buyer_email", "resolve_account_details"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_work_permission(self, request):
        return request.user.has_perm("tickets.work_ticket")

    @admin.display(description=_("supplier account"), ordering="request__account__legal_name")
    def supplier_account(self, ticket):
        return ticket.request.account if ticket.request else ticket.account

    @admin.display(description=_("customer"), ordering="request__buyer__legal_name")
    def buyer(self, ticket):
        return ticket.request.buyer if ticket.request else "—"

    @admin.display(description=_("state"), ordering="request__state")
    def state(self, ticket):
        if ticket.request is None:
            return _("Open") if ticket.is_open else _("Resolved")
        return ticket.request.get_state_display()

    @admin.display(description=_("overdue"), boolean=True)
    def overdue(self, ticket):
        return ticket.is_overdue

    @admin.display(description=_("request"))
    def request_summary(self, ticket):
        req = ticket.request
        if req is None:
            account = ticket.account
            rows = [
                (_("Supplier"), f"{account.legal_name} ({account.network_number}, {account.vat_number or '—'})"),
                (_("Country"), account.country.name),
            ]
            return format_html("<dl>{}</dl>", format_html_join("", "<dt>{}</dt><dd>{}</dd>", rows))
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
        attachment = ticket.request.attachment if ticket.request else None
        if attachment is None:
            return "—"
        url = reverse("admin:tickets_supportticket_attachment", args=[attachment.code])
        return format_html('<a href="{}">{}</a>', url, attachment.original_name)

    @admin.display(description=_("history"))
    def history(self, ticket):
        if ticket.request is None:
            return "—"
        entries = ticket.request.audit.all()
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
        challenge = ticket.request and getattr(ticket.request, "challenge", None)
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

    def save_formset(self, request, form, formset, change):
        """New messages go through the service, which e-mails the supplier."""
        if not self.has_work_permission(request):
            raise PermissionDenied
        formset.new_objects = [
            ticket_message_add(ticket=form.instance, by=request.user, body=extra.cleaned_data["body"], from_support=True)
            for extra in formset.extra_forms
            if extra.has_changed() and extra.cleaned_data.get("body")
        ]
        formset.changed_objects, formset.deleted_objects = [], []

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
            if ticket.request is None:
                refused[_("Not about a connection request.")].append(ticket.reference)
                continue
            try:
                change(ticket.request)
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

    @admin.action(description=_("Mark resolved (account details)"), permissions=["work"])
    def resolve_account_details(self, request, queryset):
        done = 0
        for ticket in queryset:
            try:
                ticket_account_details_resolve(ticket=ticket)
                done += 1
            except ValidationError as error:
                self.message_user(request, f"{ticket.reference}: {' '.join(error.messages)}", messages.WARNING)
        if done:
            self.message_user(request, _("Resolved: %(count)s.") % {"count": done}, messages.SUCCESS)
