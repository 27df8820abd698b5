"""newsgraph's HTTP API and web page (FastAPI, server-rendered Jinja2 pages, no CDN).

>>> from newsgraph.web import create_app
>>> app = create_app(Store.open("news.db"))   # then: uvicorn.run(app)

``newsgraph serve --db DB`` does the same from the command line. See ``docs/web.md``.
"""

from newsgraph.web.app import DEFAULT_MAX_BYTES, create_app

__all__ = ["DEFAULT_MAX_BYTES", "create_app"]
