"""Staff roles as groups with permissions. Code checks ``has_perm``, never group names.

Group names are data, in Ukrainian as staff see them in the back office.

A role lists permissions by ``app_label.codename``. Permissions that do not exist yet
(an app that arrives later, e.g. comments) are skipped and attached by the next
``migrate``, which calls :func:`roles_sync` after every run.
"""

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.contrib.auth.models import Group, Permission

READER = "Читач"
MODERATOR = "Модератор"
AUTHOR = "Автор"
EDITOR = "Редактор"
ADMINISTRATOR = "Адміністратор"

_CONTENT = ("section", "tag", "person", "source", "image")
_AUTHOR_PERMS = [
    "news.view_article",
    "news.add_article",
    "news.change_article",
    *(f"news.view_{m}" for m in _CONTENT),
    "news.add_image",
    "news.change_image",
    "news.add_tag",
    "news.add_person",
    "news.add_source",
    "news.add_articlesource",
    "news.change_articlesource",
    "news.view_articlesource",
]
_MODERATOR_PERMS = [
    "comments.view_comment",
    "comments.change_comment",
    "comments.moderate_comment",
    "comments.view_report",
    "comments.change_report",
    "comments.view_ban",
    "comments.add_ban",
    "comments.change_ban",
    "accounts.view_user",
]
_EDITOR_PERMS = [
    *_AUTHOR_PERMS,
    *_MODERATOR_PERMS,
    "news.publish_article",
    "news.delete_article",
    *(f"news.{action}_{m}" for m in _CONTENT for action in ("add", "change", "delete")),
    "news.delete_articlesource",
    "news.add_relatedarticle",
    "news.change_relatedarticle",
    "news.delete_relatedarticle",
    "news.view_relatedarticle",
    *(f"pages.{action}_page" for action in ("view", "add", "change")),  # imprint pages
]

#: Role name → permissions. ``"*"`` means every permission in the project.
ROLES: dict[str, list[str]] = {
    READER: [],
    MODERATOR: _MODERATOR_PERMS,
    AUTHOR: _AUTHOR_PERMS,
    EDITOR: _EDITOR_PERMS,
    ADMINISTRATOR: ["*"],
}
STAFF_ROLES = (MODERATOR, AUTHOR, EDITOR, ADMINISTRATOR)


def roles_sync(*, group_model: type["Group"], permission_model: type["Permission"]) -> None:
    """Create the role groups and give them every listed permission that exists."""
    every = permission_model.objects.select_related("content_type")
    by_name = {f"{p.content_type.app_label}.{p.codename}": p for p in every}
    for role, wanted in ROLES.items():
        group, _ = group_model.objects.get_or_create(name=role)
        if wanted == ["*"]:
            perms = list(by_name.values())
        else:
            perms = [by_name[name] for name in wanted if name in by_name]
        if perms:
            group.permissions.add(*perms)
