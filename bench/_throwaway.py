"""The throwaway database of a benchmark that builds its own data."""

import sys
from contextlib import contextmanager

from django.db import connection


@contextmanager
def throwaway_database(benchmark):
    """`test_<name>_<benchmark>`, created and dropped like the test runner's; with --keepdb
    on the command line it is kept, with its data, for the next run.

    Each benchmark has its own: keeping one's data never lets another drop it.
    """
    if connection.vendor != "postgresql":
        sys.exit(f"bench/{benchmark}.py needs PostgreSQL: run `make bench`.")
    keepdb = "--keepdb" in sys.argv
    settings = connection.settings_dict
    settings["TEST"]["NAME"] = f"test_{settings['NAME']}_{benchmark}"
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=keepdb)
    try:
        yield
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0, keepdb=keepdb)
