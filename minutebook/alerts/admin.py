from django.contrib import admin

from .models import Subscription, masked


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    """Followers, for an administrator to remove one on request: the address is found by searching for it
    in full, and is otherwise shown masked; it cannot be edited or read back from the form."""

    list_display = ["kind", "subject", "address", "confirmed", "last_sent"]
    list_filter = ["kind", ("confirmed", admin.EmptyFieldListFilter)]
    search_fields = ["=email"]
    fields = ["kind", "query", "body", "person", "action", "address", "created", "confirmed", "last_sent"]
    readonly_fields = fields

    @admin.display(description="Address")
    def address(self, subscription):
        return masked(subscription.email)

    def has_add_permission(self, request):
        return False  # a follower confirms their own address; nobody subscribes anyone else
