"""Mail in development: printed to the console as a reader would read it."""

from django.core.mail.backends.console import EmailBackend

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
