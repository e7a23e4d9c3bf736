from django.contrib import admin
from django.http import HttpRequest

from .models import Ban, Comment, ModerationAction, Report


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ("id", "article", "author", "status", "created_at", "like_count")
    list_filter = ("status",)
    raw_id_fields = ("article", "author", "parent", "root", "reply_to")
    readonly_fields = ("like_count", "reply_count", "status")
    search_fields = ("body",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # comments are posted by readers; status changes go through services


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ("comment", "reporter", "reason", "created_at", "resolved")
    list_filter = ("reason", "resolved")
    raw_id_fields = ("comment", "reporter")


@admin.register(Ban)
class BanAdmin(admin.ModelAdmin):
    list_display = ("user", "kind", "until", "created_by", "created_at", "lifted_at")
    raw_id_fields = ("user", "created_by")


@admin.register(ModerationAction)
class ModerationActionAdmin(admin.ModelAdmin):
    list_display = ("created_at", "moderator", "action", "comment", "reader", "reason")
    list_filter = ("action",)
    raw_id_fields = ("moderator", "comment", "reader")

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False  # the log is append-only
