"""A reader's comments and reports in their data export (accounts' export page)."""

from typing import Any

from shpalta.accounts.models import User


def comments_of(user: User) -> list[dict[str, Any]]:
    from .models import Comment

    rows = Comment.objects.filter(author=user).order_by("id")
    return [
        {
            "id": c.pk,
            "article": c.article_id,
            "parent": c.parent_id,
            "body": c.body,
            "status": c.status,
            "created_at": c.created_at.isoformat(),
            "edited_at": c.edited_at.isoformat() if c.edited_at else None,
            "likes": c.like_count,
        }
        for c in rows.iterator()
    ]


def reports_of(user: User) -> list[dict[str, Any]]:
    from .models import Report

    rows = Report.objects.filter(reporter=user).order_by("id")
    return [
        {"comment": r.comment_id, "reason": r.reason, "created_at": r.created_at.isoformat()}
        for r in rows.iterator()
    ]


def register() -> None:
    from shpalta.accounts.services import export_section_register

    export_section_register("comments", comments_of)
    export_section_register("reports", reports_of)
