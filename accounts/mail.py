"""Every mail the site sends goes out from the background worker (`manage.py db_worker`).

A page only enqueues a task (one row in the database, in the page's own transaction); the
task renders the mail in the reader's language and hands it to the SMTP server. When the
server is slow, a worker waits instead of a reader. When it is down or refuses the mail,
the task enqueues itself again, later and later, for longer than an hour; after the last
try it fails, and staff see it under "Task results" in the admin, with the error.
"""

import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.core.mail.backends.console import EmailBackend
from django.utils import timezone

logger = logging.getLogger(__name__)

# The waits between tries: about four hours in all, so an SMTP server down for an hour
# (a restart, a full disk, a provider's outage) loses nothing.
RETRY_DELAYS = [timedelta(minutes=minutes) for minutes in (1, 2, 4, 8, 15, 30, 60, 60, 60)]

# `make run` serves here; DJANGO_SITE_URL is required anywhere else.
DEVELOPMENT_SITE_URL = "http://127.0.0.1:8000"


def absolute_url(path):
    """The address of `path` on the public site, for a mail (there is no request to ask)."""
    return f"{settings.SITE_URL or DEVELOPMENT_SITE_URL}{path}"


def send_or_retry(task, message, *args, attempt, mailer=None):
    """Send `message` (through `mailer`, an open connection several mails share, or a
    new one); if the SMTP server fails or refuses it, enqueue `task(*args)` again after
    the next of RETRY_DELAYS. After the last, the error is raised: the worker marks the
    task failed, which is what staff look for in the admin.

    Whether it was sent.
    """
    try:
        if mailer is None:
            message.send()
        else:
            mailer.send_messages([message])
    except (smtplib.SMTPException, OSError) as error:
        if attempt > len(RETRY_DELAYS):
            raise
        delay = RETRY_DELAYS[attempt - 1]
        task.using(run_after=timezone.now() + delay).enqueue(*args, attempt=attempt + 1)
        logger.warning("Mail not sent (%s); try %d in %s", error, attempt + 1, delay)
        return False
    return True


# Headers that describe the encoding, which the printed text no longer has.
ENCODING_HEADERS = {"content-type", "content-transfer-encoding", "mime-version"}


class ConsoleEmailBackend(EmailBackend):
    """Django's console backend prints the message as sent: text with a line longer than
    78 characters is quoted-printable, so a confirmation link is split over lines ending
    in "=" and, copied, does not work. This prints the headers decoded and each text part
    as text, links whole; other parts by name only."""

    def write_message(self, message):
        email = message.message()
        lines = [
            f"{name}: {value}"
            for name, value in email.items()
            if name.lower() not in ENCODING_HEADERS
        ]
        for part in email.walk():
            if part.is_multipart():
                continue
            if part.get_content_maintype() == "text" and not part.get_filename():
                lines += ["", f"[{part.get_content_type()}]", part.get_content().rstrip("\n")]
            else:
                lines += ["", f"[{part.get_content_type()}: {part.get_filename() or 'no name'}]"]
        self.stream.write("\n".join(lines) + "\n")
        self.stream.write("-" * 79 + "\n")
