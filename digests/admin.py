from django.contrib import admin

from .models import Alert, Digest


@admin.register(Digest)
class DigestAdmin(admin.ModelAdmin):
    list_display = ["user", "frequency", "period_start", "enqueued_at", "sent_at", "articles"]
    list_filter = ["frequency", "period_start"]
    search_fields = ["user__email"]
    list_select_related = ["user"]
    readonly_fields = list_display

    def has_add_permission(self, request):
        return False


@admin.register(Alert)
class AlertAdmin(admin.ModelAdmin):
    list_display = ["user", "note", "sent_at"]
    search_fields = ["user__email"]
    list_select_related = ["user", "note"]
    readonly_fields = list_display

    def has_add_permission(self, request):
        return False
