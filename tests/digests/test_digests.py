import io
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from accounts.models import Favorite, ReaderProfile, User
from digests.models import Digest
from feedback.models import HelpfulnessVote
from tests.helpers import PASSWORD
from tests.test_mail import run_worker
from tests.test_mail import smtp_down as smtp_down_fixture

pytestmark = pytest.mark.django_db

smtp_down = smtp_down_fixture


@pytest.fixture
def make_reader(db):
    def make_reader(email="ana@example.org", language="es", digest="weekly", topics=()):
        user = User.objects.create_user(email, PASSWORD, preferred_language=language)
        ReaderProfile.objects.set_interests(user, topics, digest=digest)
        return user

    return make_reader


def an_hour_ago():
    return timezone.now() - timedelta(hours=1)


def send_digests():
    call_command("send_digests", stdout=io.StringIO())


def html_of(message):
    (html, kind), *_rest = message.alternatives
    assert kind == "text/html"
    return html


def test_readers_choose_a_digest_at_sign_up(client):
    page = client.get("/es/cuenta/registro/").text
    assert "Semanal" in page and "Diario" in page
    client.post(
        "/es/cuenta/registro/",
        {"email": "ana@example.org", "preferred_language": "es", "digest": "weekly"}
        | {"password1": PASSWORD, "password2": PASSWORD},
    )
    assert ReaderProfile.objects.get(user__email="ana@example.org").digest == "weekly"


def test_no_mail_is_the_default(client):
    client.post(
        "/en/accounts/sign-up/",
        {"email": "ana@example.org", "preferred_language": "en"}
        | {"password1": PASSWORD, "password2": PASSWORD},
    )
    assert ReaderProfile.objects.get(user__email="ana@example.org").digest == ""


def test_readers_change_their_digest_in_settings(client, make_reader):
    reader = make_reader(digest="")
    client.force_login(reader)
    response = client.post(
        "/es/cuenta/", {"preferred_language": "es", "show_recommendations": "on", "digest": "daily"}
    )
    assert response.status_code == 302
    assert ReaderProfile.objects.get(user=reader).digest == "daily"
    response = client.post("/es/cuenta/", {"preferred_language": "es", "digest": "hourly"})
    assert response.status_code == 200
    assert "Escoja una opción válida" in response.text


def test_a_spanish_reader_gets_a_spanish_digest_with_reasons(make_reader, make_topic, make_article):
    heart = make_topic(name_en="Heart", name_es="Corazón")
    make_reader(topics=[heart])
    new = make_article(topics=[heart], published_at=timezone.now() - timedelta(hours=2))
    english_only = make_article(
        spanish=False, topics=[heart], published_at=timezone.now() - timedelta(hours=3)
    )
    send_digests()
    (message,) = mail.outbox
    assert message.to == ["ana@example.org"]
    assert message.subject == "Su resumen semanal de Newsroom"
    text, html = message.body, html_of(message)
    assert "Recomendado para usted" in text
    assert new.title_es in text and "Popular en Corazón" in text
    assert f"http://testserver/es/noticias/{new.slug_es}/" in text
    # Without a Spanish version: its English title, labelled, and its English page.
    assert f"{english_only.title_en} (En inglés)" in text
    assert f"http://testserver/en/news/{english_only.slug_en}/" in text
    assert '<html lang="es">' in html
    assert new.title_es in html and "En inglés" in html
    assert "<img" not in html and "<script" not in html


def test_a_digest_never_lists_what_the_reader_saved_or_answered_about(
    make_reader, make_topic, make_article
):
    heart = make_topic()
    reader = make_reader(topics=[heart])
    saved, answered, new = (
        make_article(topics=[heart], published_at=an_hour_ago()) for _ in range(3)
    )
    Favorite.objects.save_article(reader, saved)
    HelpfulnessVote.objects.create(user=reader, article=answered, helpful=False)
    send_digests()
    (message,) = mail.outbox
    assert f"/es/noticias/{new.slug_es}/" in message.body
    # (The saved one may be named as the reason for another, never listed itself.)
    assert f"/es/noticias/{saved.slug_es}/" not in message.body
    assert f"/es/noticias/{answered.slug_es}/" not in message.body


def test_nothing_is_sent_when_nothing_is_new(make_reader, make_topic, make_article):
    heart = make_topic()
    make_reader(topics=[heart])
    make_article(topics=[heart], published_at=timezone.now() - timedelta(days=30))
    send_digests()
    assert mail.outbox == []
    digest = Digest.objects.get()
    assert digest.sent_at is not None and digest.articles == 0


def test_each_reader_gets_one_digest_a_period_however_often_the_command_runs(
    make_reader, make_topic, make_article, time_machine
):
    time_machine.move_to("2026-12-02 07:00Z", tick=False)  # a Wednesday
    heart = make_topic()
    make_reader("weekly@example.org", topics=[heart], digest="weekly")
    make_reader("daily@example.org", topics=[heart], digest="daily")
    make_reader("none@example.org", topics=[heart], digest="")
    make_article(topics=[heart], published_at=timezone.now() - timedelta(hours=1))
    send_digests()
    send_digests()
    assert sorted(m.to[0] for m in mail.outbox) == ["daily@example.org", "weekly@example.org"]

    time_machine.move_to("2026-12-03 07:00Z", tick=False)  # the next day
    make_article(topics=[heart], published_at=timezone.now() - timedelta(hours=1))
    send_digests()
    assert [m.to[0] for m in mail.outbox[2:]] == ["daily@example.org"]

    time_machine.move_to("2026-12-07 07:00Z", tick=False)  # the next Monday
    make_article(topics=[heart], published_at=timezone.now() - timedelta(hours=1))
    send_digests()
    assert sorted(m.to[0] for m in mail.outbox[3:]) == ["daily@example.org", "weekly@example.org"]


def unsubscribe_link(message):
    return re.search(r"http://testserver(/es/resumen/baja/\S+)", message.body).group(1)


def test_one_click_unsubscribe_works_without_signing_in(make_reader, make_topic, make_article):
    heart = make_topic()
    reader = make_reader(topics=[heart])
    make_article(topics=[heart], published_at=an_hour_ago())
    send_digests()
    (message,) = mail.outbox
    link = unsubscribe_link(message)
    assert message.extra_headers["List-Unsubscribe"] == f"<http://testserver{link}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    # What a mail client sends (RFC 8058): no cookie, no CSRF token.
    mail_client = Client(enforce_csrf_checks=True)
    response = mail_client.post(link, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert "no recibirá más resúmenes" in response.text
    assert ReaderProfile.objects.get(user=reader).digest == ""

    Digest.objects.all().delete()
    send_digests()
    assert len(mail.outbox) == 1


def test_opening_the_unsubscribe_link_changes_nothing(
    client, make_reader, make_topic, make_article
):
    heart = make_topic()
    reader = make_reader(topics=[heart])
    make_article(topics=[heart], published_at=an_hour_ago())
    send_digests()
    response = client.get(unsubscribe_link(mail.outbox[0]))
    assert response.status_code == 200
    assert "Dejar de enviar" in response.text
    assert ReaderProfile.objects.get(user=reader).digest == "weekly"


def test_a_tampered_unsubscribe_link_is_refused_in_the_readers_language(client, make_reader):
    response = client.post("/es/resumen/baja/not-a-token/")
    assert response.status_code == 400
    assert "Este enlace no funciona" in response.text


def test_a_digest_tells_of_corrections_and_updates_to_what_the_reader_saved(
    make_reader, make_topic, make_article
):
    reader = make_reader()
    saved = make_article(published_at=timezone.now() - timedelta(days=40))
    english_only = make_article(spanish=False, published_at=timezone.now() - timedelta(days=40))
    not_saved = make_article(published_at=timezone.now() - timedelta(days=40))
    for article in (saved, english_only):
        Favorite.objects.save_article(reader, article)
    correction = saved.notes.create(
        kind="correction", text_en="The dose was 5 mg, not 50 mg.", text_es="La dosis era 5 mg."
    )
    update = english_only.notes.create(kind="update", text_en="A larger trial confirmed it.")
    saved.notes.create(kind="clarification", text_en="Reworded.", text_es="Reformulado.")
    not_saved.notes.create(kind="correction", text_en="Not theirs.", text_es="No es suyo.")
    send_digests()
    (message,) = mail.outbox  # nothing else is new: the notes alone make a digest
    text, html = message.body, html_of(message)
    assert "Correcciones y actualizaciones de sus favoritos" in text
    assert f"* Corrección: {saved.title_es}\n  La dosis era 5 mg.\n" in text
    assert f"http://testserver/es/noticias/{saved.slug_es}/#note-{correction.pk}" in text
    # An English-only article and note: its English title and text, labelled.
    assert f"* Actualización: {english_only.title_en} (En inglés)" in text
    assert "A larger trial confirmed it. (En inglés)" in text
    assert f"http://testserver/en/news/{english_only.slug_en}/#note-{update.pk}" in text
    assert "Reformulado" not in text and "No es suyo" not in text
    assert "Correcciones y actualizaciones de sus favoritos" in html
    assert f'<a href="http://testserver/es/noticias/{saved.slug_es}/#note-{correction.pk}">' in html
    assert "La dosis era 5 mg." in html and "<script" not in html
    assert Digest.objects.get().articles == 2


def test_a_digest_leaves_out_notes_from_before_the_period_or_before_the_save(
    make_reader, make_article
):
    reader = make_reader(language="en")
    old_news, saved_later = make_article(), make_article()
    Favorite.objects.save_article(reader, old_news)
    old_news.notes.create(
        kind="correction", text_en="Long ago.", noted_at=timezone.now() - timedelta(days=30)
    )
    saved_later.notes.create(kind="update", text_en="Before they saved it.")
    Favorite.objects.save_article(reader, saved_later)
    send_digests()
    assert mail.outbox == []


def test_a_digest_the_smtp_server_refused_is_tried_again_alone_and_arrives_once(
    make_reader, make_topic, make_article, smtp_down, settings, time_machine
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    time_machine.move_to(timezone.now(), tick=False)
    heart = make_topic()
    make_reader("ana@example.org", topics=[heart])
    make_reader("bob@example.org", topics=[heart])
    make_article(topics=[heart], published_at=an_hour_ago())
    send_digests()
    assert DBTaskResult.objects.count() == 1  # both readers' digests in one task
    run_worker()
    assert mail.outbox == []
    smtp_down.up = True
    time_machine.shift(timedelta(minutes=2))
    run_worker()
    run_worker()
    assert sorted(message.to[0] for message in mail.outbox) == [
        "ana@example.org",
        "bob@example.org",
    ]
    assert not Digest.objects.filter(sent_at=None).exists()
