"""Support staff work tickets here. Every action calls the same services as the rest of the
portal; staff outside the "Support" group (and without its permissions) see nothing of it.
Connections extends this admin with a request's panel and actions (connections/admin.py)."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from tickets.models import SupportTicket, TicketMessage
from tickets.services import ticket_message_add, ticket_support_resolve


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
    list_display = ["reference", "kind", "subject", "account", "state", "deadline", "overdue", "created_at"]
    list_filter = [OverdueFilter, "kind", "created_at"]
    list_select_related = ["account"]
    search_fields = ["reference", "subject", "account__legal_name", "account__network_number", "account__vat_number"]
    fields = ["reference", "kind", "subject", "state", "deadline", "created_at", "resolved_at", "account_summary"]
    readonly_fields = fields
    inlines = [TicketMessageInline]
    actions = ["resolve"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_work_permission(self, request):
        return request.user.has_perm("tickets.work_ticket")

    @admin.display(description=_("state"))
    def state(self, ticket):
        return _("Open") if ticket.is_open else _("Resolved")

    @admin.display(description=_("overdue"), boolean=True)
    def overdue(self, ticket):
        return ticket.is_overdue

    @admin.display(description=_("supplier account"))
    def account_summary(self, ticket):
        account = ticket.account
        if account is None:
            return "—"
        rows = [
            (_("Supplier"), f"{account.legal_name} ({account.network_number}, {account.vat_number or '—'})"),
            (_("Country"), account.country.name),
        ]
        return format_html("<dl>{}</dl>", format_html_join("", "<dt>{}</dt><dd>{}</dd>", rows))

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

    @admin.action(description=_("Mark resolved"), permissions=["work"])
    def resolve(self, request, queryset):
        done = 0
        for ticket in queryset:
            try:
                ticket_support_resolve(ticket=ticket)
                done += 1
            except ValidationError as error:
                self.message_user(request, f"{ticket.reference}: {' '.join(error.messages)}", messages.WARNING)
        if done:
            self.message_user(request, _("Resolved: %(count)s.") % {"count": done}, messages.SUCCESS)
