"""Benchmark: does the sign-up's answer take as long for an address that has an account
as for a new one? If not, its time tells anyone whether an address has an account.

    make bench                       # a private PostgreSQL 15, started and removed
    DATABASE_URL=postgres://... .venv/bin/python bench/sign_up_timing.py

Posts the sign-up form through the test client, with the site's real password hasher,
alternately for an address that has an account and for a new one (each time another
address from another client, so that no mail limit applies), and prints the median time
of each. The target: the slower median within 25% of the faster.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only")
os.environ.setdefault("DJANGO_SECURE_SSL", "0")
os.environ.setdefault("DJANGO_SITE_URL", "http://testserver")
os.environ.setdefault("DJANGO_PROXY_COUNT", "1")

import django

django.setup()

from _throwaway import throwaway_database  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from accounts.models import User  # noqa: E402

SAMPLES = 15  # of each kind
PASSWORD = "a-long-pass-phrase-7"
TARGET_RATIO = 1.25


def sign_up(client, email, n):
    data = {"email": email, "preferred_language": "en", "password1": PASSWORD,
            "password2": PASSWORD}  # fmt: skip
    start = time.perf_counter()
    response = client.post(
        "/en/accounts/sign-up/", data, headers={"x-forwarded-for": f"10.0.{n // 250}.{n % 250}"}
    )
    elapsed = (time.perf_counter() - start) * 1000
    assert response.status_code == 302, response.status_code
    return elapsed


def main():
    setup_test_environment()  # mail stays in memory
    with throwaway_database("sign_up_timing"):
        password = make_password(PASSWORD)
        User.objects.bulk_create(
            User(email=f"reader{n}@example.org", password=password) for n in range(SAMPLES + 2)
        )
        client = Client()
        sign_up(client, "reader-warm-up@example.org", 0)  # first request: imports, connection
        existing, new = [], []
        for n in range(SAMPLES):
            existing.append(sign_up(client, f"Reader{n}@example.org", 2 * n + 1))
            new.append(sign_up(client, f"new{n}@example.org", 2 * n + 2))
        existing_median, new_median = statistics.median(existing), statistics.median(new)
        print(f"\nSign-up, real password hasher, {SAMPLES} of each (test client, PostgreSQL)")
        print(f"address with an account: median {existing_median:.0f} ms "
              f"(from {min(existing):.0f} to {max(existing):.0f})")  # fmt: skip
        print(f"new address:             median {new_median:.0f} ms "
              f"(from {min(new):.0f} to {max(new):.0f})")  # fmt: skip
        ratio = max(existing_median, new_median) / min(existing_median, new_median)
        met = ratio <= TARGET_RATIO
        print(f"Target: the slower median within {TARGET_RATIO:.2f}x of the faster "
              f"({ratio:.2f}x): " + ("met ✓" if met else "missed ✗"))  # fmt: skip
        return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
