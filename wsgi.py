"""Entry point for gunicorn (`wsgi:app`), the flask CLI, and the worker (`huey_consumer wsgi.huey`)."""

from app import create_app

app = create_app()
huey = app.extensions["worker"].huey
