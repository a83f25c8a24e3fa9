"""« Messages sortants » in the back office: the Logis team sees what waits, what failed and what needs a decision.

The bodies are not shown: they carry confirmation links, password reset links and security codes.
"""

from django.contrib import admin, messages

from logis.core.text import plural
from logis.notifications import email, outbox
from logis.notifications.models import OutboxMessage


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ("created_at", "status", "to", "subject", "attempts", "next_attempt_at", "sent_at")
    list_filter = ("status", "template")
    search_fields = ("to", "subject", "idempotency_key")
    date_hierarchy = "created_at"
    ordering = ("-created_at",)
    fields = (
        "status",
        "to",
        "user",
        "subject",
        "template",
        "idempotency_key",
        "message_id",
        "attempts",
        "created_at",
        "next_attempt_at",
        "claimed_at",
        "sent_at",
        "last_error",
    )
    readonly_fields = fields
    actions = ("send_again", "mark_delivered")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(permissions=["change"], description="Renvoyer (messages en échec, ou à vérifier et non reçus)")
    def send_again(self, request, queryset):
        count = email.send_again(queryset)
        self.message_user(
            request, f"{plural(count, 'message remis', 'messages remis')} en file d'envoi.", messages.SUCCESS
        )

    @admin.action(permissions=["change"], description="Marquer comme remis (vérifié auprès du serveur de messagerie)")
    def mark_delivered(self, request, queryset):
        count = outbox.mark_delivered(queryset)
        self.message_user(request, f"{plural(count, 'message marqué')} comme remis.", messages.SUCCESS)
