"""The desk's front page is the story list; each part of the desk has its own views module."""

from .views_articles import dashboard

__all__ = ["dashboard"]
