"""The Redis cache (REDIS_URL): Django's backend, keeping its client between calls."""

import os

import pytest
from django.core.cache.backends.redis import RedisCache as DjangosRedisCache

from newsroom.cache import RedisCache
from tests.test_project import SITE_URL, run_django

REDIS_URL = os.environ.get("NEWSROOM_TEST_REDIS_URL", "")


def test_a_site_with_redis_uses_it_through_the_backend_that_keeps_its_client():
    code = "from django.core.cache import caches; print(type(caches['default']).__module__)"
    production = {"DJANGO_SECRET_KEY": "x", "DJANGO_SITE_URL": SITE_URL}
    result = run_django(code, REDIS_URL="redis://127.0.0.1:1/0", **production)
    assert result.stdout.split() == ["newsroom.cache"]


def test_each_call_uses_the_same_client_where_djangos_backend_makes_one_per_call():
    ours = RedisCache("redis://127.0.0.1:1/0", {})._cache
    djangos = DjangosRedisCache("redis://127.0.0.1:1/0", {})._cache
    assert ours.get_client() is ours.get_client(write=True)
    assert djangos.get_client() is not djangos.get_client()  # what this module is for


@pytest.mark.skipif(not REDIS_URL, reason="needs NEWSROOM_TEST_REDIS_URL (set by .ci/run)")
def test_values_go_to_redis_and_come_back():
    cache = RedisCache(REDIS_URL, {"KEY_PREFIX": "test-redis-cache"})
    cache.set("page", {"pieces": ["<p>Hola</p>"]})
    assert cache.add("slot", 1) and not cache.add("slot", 1)
    assert cache.get_many(["page", "missing"]) == {"page": {"pieces": ["<p>Hola</p>"]}}
    cache.delete_many(["page", "slot"])
    assert cache.get("page") is None
