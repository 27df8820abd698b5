"""The API's request and response bodies: the article to extract (API and paste box alike) and
what ``POST /articles`` did."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from newsgraph.model import ArticleSummary


class ArticleIn(BaseModel):
    """An article to extract: plain ``text`` or an ``html`` page (exactly one of them)."""

    model_config = ConfigDict(extra="forbid")

    text: str | None = Field(default=None, description="the article as plain text")
    html: str | None = Field(default=None, description="an HTML page holding the article")
    published: str | None = Field(
        default=None, description="publication date YYYY-MM-DD (resolves 'last June')"
    )
    title: str | None = None
    url: str | None = None

    @field_validator("published")
    @classmethod
    def _date(cls, value: str | None) -> str | None:
        if value is None:
            return None
        try:
            return dt.date.fromisoformat(value).isoformat()
        except ValueError:
            raise ValueError(f"not a date (YYYY-MM-DD): {value!r}") from None

    @model_validator(mode="after")
    def _one_body(self) -> ArticleIn:
        if (self.text is None) == (self.html is None):
            raise ValueError("give exactly one of 'text' or 'html'")
        return self


class IngestResult(BaseModel):
    """What ``POST /articles`` did: stored, or skipped as a duplicate of a stored article."""

    stored: bool
    article: ArticleSummary | None = Field(
        default=None, description="the stored article (the existing one for a duplicate)"
    )
    quotes: int
    entities: int
