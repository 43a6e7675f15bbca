from django.core.mail import send_mail
from django.template.loader import render_to_string


def send_email(name, context, to):
    """Send the mail `accounts/email/<name>.txt` (subject: `<name>_subject.txt`) to one address.

    Every mail of the accounts app goes out through here, so that handing them to a
    background worker later is a change in one place.
    """
    subject = render_to_string(f"accounts/email/{name}_subject.txt", context).strip()
    body = render_to_string(f"accounts/email/{name}.txt", context)
    send_mail(subject, body, None, [to])
