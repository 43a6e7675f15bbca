"""The site's own settings, with defaults for what a fresh clone does not have yet.

The tests run from a fresh clone, from bare `pytest` or an IDE's runner: no secret key
to export, no HTTPS in front, and no `collectstatic` first (production's manifest of
hashed file names exists only after it; here static files come from the source folders).
A variable set in the environment still wins.
"""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "insecure-key-for-tests-only")
os.environ.setdefault("DJANGO_SECURE_SSL", "0")

from newsroom.settings import *  # noqa: F403
from newsroom.settings import STORAGES

STORAGES = STORAGES | {
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
}
# WhiteNoise serves them from those folders too, as in development: nothing is collected.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
