"""Alerts: a reader who saved an article is told, in a short mail in their language, when
a correction or update is added to it; notes added close together make one mail."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult

from accounts.models import Favorite, ReaderProfile, User
from articles.models import Article
from digests.alerts import ALERT_DELAY, send_alert
from digests.models import Alert
from tests.helpers import PASSWORD
from tests.test_mail import run_worker

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def worker_tasks(settings):
    """Tasks wait in the database for a worker, as on the site: alerts wait to be batched."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def make_reader(db):
    def make_reader(email="ana@example.org", language="es", digest="weekly", **choices):
        user = User.objects.create_user(email, PASSWORD, preferred_language=language)
        ReaderProfile.objects.set_interests(user, [], digest=digest, **choices)
        return user

    return make_reader


@pytest.fixture
def add_note(django_capture_on_commit_callbacks):
    """Add a note as the admin does: what waits for the commit runs."""

    def add_note(article, kind="correction", **text):
        with django_capture_on_commit_callbacks(execute=True):
            return article.notes.create(kind=kind, **({"text_en": "Corrected."} | text))

    return add_note


def saved(reader, article):
    Favorite.objects.save_article(reader, article)
    # Saved a while ago: a note must come after the save to be news to the reader.
    Favorite.objects.filter(user=reader).update(created_at=timezone.now() - timedelta(days=3))


def an_hour_later():
    """The worker runs what is due once the batching window has passed."""
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
    run_worker()
    run_worker()  # the alerts enqueued by the first run


def html_of(message):
    (html, kind), *_rest = message.alternatives
    assert kind == "text/html"
    return html


def test_a_correction_alerts_each_reader_who_saved_the_article_in_their_language(
    make_reader, make_article, add_note
):
    ana, bob = make_reader(), make_reader("bob@example.org", language="en", digest="daily")
    article = make_article()
    saved(ana, article)
    saved(bob, article)
    note = add_note(article, text_en="The dose was 5 mg, not 50 mg.", text_es="La dosis era 5 mg.")
    run_worker()
    assert mail.outbox == []  # waiting, in case the editor adds more
    (task,) = DBTaskResult.objects.filter(status="READY")
    assert task.run_after >= timezone.now() + ALERT_DELAY - timedelta(minutes=1)

    an_hour_later()
    by_reader = {message.to[0]: message for message in mail.outbox}
    assert sorted(by_reader) == ["ana@example.org", "bob@example.org"]
    spanish, english = by_reader["ana@example.org"], by_reader["bob@example.org"]
    assert spanish.subject == "Se corrigió o actualizó un artículo que guardó"
    assert f"* Corrección: {article.title_es}\n  La dosis era 5 mg.\n" in spanish.body
    assert f"http://testserver/es/noticias/{article.slug_es}/#note-{note.pk}" in spanish.body
    assert '<html lang="es">' in html_of(spanish) and "La dosis era 5 mg." in html_of(spanish)
    assert english.subject == "An article you saved was corrected or updated"
    assert f"* Correction: {article.title_en}\n  The dose was 5 mg, not 50 mg." in english.body
    assert f"http://testserver/en/news/{article.slug_en}/#note-{note.pk}" in english.body
    unsubscribe = re.search(r"http://testserver/es/avisos/baja/\S+", spanish.body).group()
    assert spanish.extra_headers["List-Unsubscribe"] == f"<{unsubscribe}>"
    assert spanish.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_three_notes_in_an_hour_make_one_mail(make_reader, make_article, add_note):
    reader = make_reader()
    first, second = make_article(), make_article(spanish=False)
    saved(reader, first)
    saved(reader, second)
    add_note(first, text_es="Primera.")
    add_note(second, kind="update", text_en="A larger trial agreed.")
    add_note(first, kind="update", text_es="Segunda.")
    an_hour_later()
    (message,) = mail.outbox
    assert message.subject == "Se corrigieron o actualizaron artículos que guardó"
    assert "Primera." in message.body and "Segunda." in message.body
    assert f"* Actualización: {second.title_en} (En inglés)" in message.body
    assert "A larger trial agreed. (En inglés)" in message.body
    an_hour_later()
    assert len(mail.outbox) == 1
    assert Alert.objects.filter(user=reader).count() == 3


def test_a_later_note_makes_a_new_alert(make_reader, make_article, add_note):
    reader = make_reader(language="en")
    article = make_article()
    saved(reader, article)
    add_note(article, text_en="First.")
    an_hour_later()
    add_note(article, kind="update", text_en="Second.")
    an_hour_later()
    first, second = mail.outbox
    assert "First." in first.body and "Second." not in first.body
    assert "Second." in second.body and "First." not in second.body


def test_no_alert_to_readers_without_mail_inactive_or_with_alerts_off(
    make_reader, make_article, add_note
):
    article = make_article()
    for reader in (
        make_reader("no-mail@example.org", digest=""),
        make_reader("off@example.org", alerts=False),
        make_reader("inactive@example.org"),
    ):
        saved(reader, article)
    User.objects.filter(email="inactive@example.org").update(is_active=False)
    make_reader("not-saved@example.org")
    add_note(article)
    an_hour_later()
    assert mail.outbox == []


def test_no_alert_for_a_clarification_or_a_note_on_an_unpublished_article(
    make_reader, make_article, add_note
):
    reader = make_reader()
    published, archived = make_article(), make_article()
    saved(reader, published)
    saved(reader, archived)
    add_note(published, kind="clarification")
    Article.objects.filter(pk=archived.pk).update(status=Article.Status.ARCHIVED)
    add_note(archived)
    an_hour_later()
    assert mail.outbox == []


def test_a_note_deleted_before_its_alert_goes_is_in_no_mail(make_reader, make_article, add_note):
    reader = make_reader(language="en")
    article = make_article()
    saved(reader, article)
    add_note(article, text_en="Kept.")
    add_note(article, text_en="Added by mistake.").delete()
    an_hour_later()
    (message,) = mail.outbox
    assert "Kept." in message.body and "Added by mistake." not in message.body

    add_note(article, text_en="Also a mistake.").delete()
    an_hour_later()
    assert len(mail.outbox) == 1


def test_an_alert_run_twice_sends_each_note_once(make_reader, make_article, add_note):
    reader = make_reader()
    article = make_article()
    saved(reader, article)
    add_note(article)
    send_alert.call(reader.pk)
    send_alert.call(reader.pk)
    assert len(mail.outbox) == 1


def test_one_click_stops_the_alerts_but_not_the_digest(make_reader, make_article, add_note):
    reader = make_reader()
    article = make_article()
    saved(reader, article)
    add_note(article)
    an_hour_later()
    link = re.search(r"http://testserver(/es/avisos/baja/\S+)", mail.outbox[0].body).group(1)
    assert Client().get(link).status_code == 200  # opening it changes nothing
    assert ReaderProfile.objects.get(user=reader).alerts

    response = Client(enforce_csrf_checks=True).post(link, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert "no recibirá más avisos" in response.text
    profile = ReaderProfile.objects.get(user=reader)
    assert not profile.alerts and profile.digest == "weekly"
    add_note(article, kind="update")
    an_hour_later()
    assert len(mail.outbox) == 1


def test_a_tampered_alerts_link_is_refused_in_the_readers_language(client):
    response = client.post("/es/avisos/baja/not-a-token/")
    assert response.status_code == 400
    assert "Puede dejar de recibir los avisos desde su configuración" in response.text


def test_a_digest_link_does_not_stop_the_alerts(client, make_reader, make_article, add_note):
    from digests.emails import unsubscribe_url

    reader = make_reader()
    with translation.override("en"):
        digest_link = unsubscribe_url(reader).removeprefix("http://testserver")
    response = client.post(digest_link.replace("/digest/stop/", "/alerts/stop/"))
    assert response.status_code == 400
    assert ReaderProfile.objects.get(user=reader).alerts


def test_readers_turn_alerts_off_in_their_settings(client, make_reader):
    reader = make_reader()
    client.force_login(reader)
    page = client.get("/es/cuenta/").text
    assert "Avisarme por correo cuando se corrija o actualice un artículo que guardé" in page
    assert re.search(r'<input type="checkbox" name="alerts"[^>]* checked', page)  # on by default
    response = client.post("/es/cuenta/", {"preferred_language": "es", "digest": "weekly"})
    assert response.status_code == 302
    assert not ReaderProfile.objects.get(user=reader).alerts
