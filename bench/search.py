"""Benchmark: the search page's work beside an `icontains` scan of the same articles.

    make bench                       # a private PostgreSQL 15, started and removed
    DATABASE_URL=postgres://... .venv/bin/python bench/search.py [--keepdb]

Builds 50,000 published articles in a throwaway database (`test_<name>_search`,
created and dropped like the test runner's; --keepdb keeps it and its data for the next
run): about 4 kB of text each in English, three in five also in Spanish, each mostly
about one of 40 topics (so a topic's words are in a few per cent of the articles,
"cancer" in half of them) and naming a made-up medicine found in about ten. They are
added oldest first, as a newsroom adds them, with COPY.

Then, for 400 queries drawn from those words in both languages (topic words, pairs of
them, medicines, very common words; Spanish ones half the time without accents), it
times what the search page does: `articles.search.search()` and the first page of 10
results with their highlighted snippets and topics. Beside it, in the same run: the same
page from an `icontains` scan of title and body, and the article list's first page. Each
is shown in all (Python included) and in the database alone (its queries' execution).

The target is judged on the time in the database, the search's own: the rest is Django
building the queries and the page's ten articles with their topics, the same for any
words and any number of articles.
"""

import csv
import io
import itertools
import os
import random
import statistics
import sys
import time
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only")
os.environ.setdefault("DJANGO_SECURE_SSL", "0")
os.environ.setdefault("DJANGO_SITE_URL", "http://testserver")

import django

django.setup()

from _throwaway import throwaway_database  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Q  # noqa: E402

from articles import search as full_text  # noqa: E402
from articles.models import Article  # noqa: E402
from articles.pagination import get_page  # noqa: E402
from articles.views import topics_in  # noqa: E402

ARTICLES = 50_000
SENTENCES = 40  # per body: about 4 kB in each language
QUERIES = 400
SCANS = 40  # of those queries, also timed as an icontains scan (each one reads everything)
TARGET_P95 = 10  # milliseconds in the database
TARGET_RATIO = 50  # times faster than the scan, in median, in the database

# Words every article uses, most frequent first.
GENERAL = {
    "en": """the of and in to a with for was that were is who more than after patients
        study researchers results found risk treatment people trial women men health
        doctors hospital years data group effects new care disease symptoms medicine""",
    "es": """el la de y en a con para fue que eran es quienes más que después pacientes
        estudio investigadores resultados encontraron riesgo tratamiento personas ensayo
        mujeres hombres salud médicos hospital años datos grupo efectos nuevo atención
        enfermedad síntomas medicina""",
}
# Topics, the most written about first: an article is mostly about one of them, and
# uses its words. "cancer" is in several, as in a real health-news site.
TOPICS = """
    breast cancer mammography tamoxifen | mama cáncer mamografía tamoxifeno
    lung cancer smoking tumour | pulmón cáncer tabaco tumor
    heart attack cholesterol statins | corazón infarto colesterol estatinas
    diabetes insulin glucose sugar | diabetes insulina glucosa azúcar
    dementia memory alzheimer brain | demencia memoria alzhéimer cerebro
    prostate cancer psa biopsy | próstata cáncer psa biopsia
    stroke brain clot blood | ictus cerebro coágulo sangre
    depression anxiety therapy mood | depresión ansiedad terapia ánimo
    vaccine vaccination measles children | vacuna vacunación sarampión niños
    pregnancy birth babies midwives | embarazo parto bebés matronas
    obesity weight diet calories | obesidad peso dieta calorías
    leukaemia cancer chemotherapy marrow | leucemia cáncer quimioterapia médula
    hypertension pressure salt kidneys | hipertensión presión sal riñones
    influenza flu fever virus | gripe influenza fiebre virus
    antibiotics bacteria resistance infection | antibióticos bacterias resistencia infección
    melanoma skin cancer sunburn | melanoma piel cáncer quemaduras
    asthma inhalers allergy lungs | asma inhaladores alergia pulmones
    arthritis joints inflammation pain | artritis articulaciones inflamación dolor
    sleep insomnia melatonin night | sueño insomnio melatonina noche
    colon cancer colonoscopy polyps | colon cáncer colonoscopia pólipos
    parkinson tremor dopamine brain | párkinson temblor dopamina cerebro
    menopause hormones oestrogen women | menopausia hormonas estrógeno mujeres
    autism children diagnosis development | autismo niños diagnóstico desarrollo
    osteoporosis bones fracture calcium | osteoporosis huesos fractura calcio
    immunotherapy cancer antibodies tumour | inmunoterapia cáncer anticuerpos tumor
    hepatitis liver virus jaundice | hepatitis hígado virus ictericia
    epilepsy seizures children brain | epilepsia convulsiones niños cerebro
    migraine headache pain aura | migraña cefalea dolor aura
    fertility ivf embryos couples | fertilidad fiv embriones parejas
    ovarian cancer ovaries ca125 | ovario cáncer ovarios ca125
    kidney dialysis transplant urine | riñón diálisis trasplante orina
    vision eyes glaucoma cataract | visión ojos glaucoma cataratas
    tuberculosis lungs cough bacteria | tuberculosis pulmones tos bacterias
    hearing deafness ears implants | audición sordera oídos implantes
    exercise fitness walking muscles | ejercicio forma caminar músculos
    alcohol drinking liver addiction | alcohol bebida hígado adicción
    malaria mosquitoes parasite fever | malaria mosquitos parásito fiebre
    vitamins supplements deficiency nutrition | vitaminas suplementos carencia nutrición
    hiv virus antiretroviral infection | vih virus antirretroviral infección
    infants breastfeeding newborns milk | lactantes lactancia neonatos leche
"""
# Made-up medicine names: each is in the title and body of about 10 articles.
SYLLABLES = ["ba", "ce", "dro", "fe", "ga", "li", "mo", "ne", "pa", "ri", "so", "ta", "vu", "xe"]
ENDINGS = ["mab", "nib", "vir", "zole", "pril", "statin", "tide", "parin"]
MEDICINES = sorted(
    {a + b + c + end for a in SYLLABLES for b in SYLLABLES for c in SYLLABLES for end in ENDINGS}
)[: ARTICLES // 10]
TITLES = {
    "en": "{medicine} may help {people} with {word}, a study suggests",
    "es": "El {medicine} podría ayudar a {people} con {word}, según un estudio",
}
PEOPLE = {
    "en": ["women", "children", "older people", "patients", "teenagers"],
    "es": ["mujeres", "niños", "personas mayores", "pacientes", "adolescentes"],
}


def vocabulary():
    """General words per language, and each topic's words per language."""
    general = {language: words.split() for language, words in GENERAL.items()}
    topics = []
    for line in TOPICS.strip().splitlines():
        english, spanish = line.split("|")
        topics.append({"en": english.split(), "es": spanish.split()})
    return general, topics


def zipf(n, exponent=1.0):
    return [1 / rank**exponent for rank in range(1, n + 1)]


def sentence(rng, general, weights, topic_words=()):
    """Fourteen words: general ones, and four of the topic's if there is a topic."""
    words = rng.choices(general, weights, k=14 - (4 if topic_words else 0))
    words += rng.choices(topic_words, k=4) if topic_words else []
    rng.shuffle(words)
    return " ".join(words).capitalize() + "."


def rows(rng):
    """Each article's columns, as COPY reads them."""
    general, topics = vocabulary()
    pools = {}
    for language in ["en", "es"]:
        language_weights = zipf(len(general[language]))
        pools[language] = {
            "general": [sentence(rng, general[language], language_weights) for _ in range(3000)],
            "topics": [
                [
                    sentence(rng, general[language], language_weights, topic[language])
                    for _ in range(60)
                ]
                for topic in topics
            ],
        }
    topic_weights = zipf(len(topics), 0.7)
    for n in range(ARTICLES):
        medicine = MEDICINES[n % len(MEDICINES)].capitalize()
        main, second = rng.choices(range(len(topics)), topic_weights, k=2)
        people = rng.randrange(len(PEOPLE["en"]))
        columns = []
        for language in ["en", "es"]:
            pool = pools[language]
            title = TITLES[language].format(
                medicine=medicine, people=PEOPLE[language][people], word=topics[main][language][0]
            )
            sentences = rng.choices(pool["general"], k=SENTENCES - 12)
            sentences += rng.choices(pool["topics"][main], k=8)
            sentences += rng.choices(pool["topics"][second], k=4)
            rng.shuffle(sentences)
            sentences.insert(rng.randrange(SENTENCES), f"{title}.")
            paragraphs = [" ".join(sentences[i : i + 5]) for i in range(0, len(sentences), 5)]
            summary = rng.choice(pool["topics"][main])
            columns.append((title, summary, "\n\n".join(paragraphs)))
        (title_en, summary_en, body_en), (title_es, summary_es, body_es) = columns
        spanish = n % 5 < 3  # three in five have a Spanish version
        yield [
            title_en, f"study-{n}", summary_en, body_en,  # the untranslated columns
            title_en, f"study-{n}", summary_en, body_en,
            *((title_es, f"estudio-{n}", summary_es, body_es) if spanish else (NULL,) * 4),
            rng.uniform(0, 3 * 365),
        ]  # fmt: skip


NULL = "\\N"
COLUMNS = [
    *("title", "slug", "summary", "body"),
    *("title_en", "slug_en", "summary_en", "body_en"),
    *("title_es", "slug_es", "summary_es", "body_es"),
]


def build():
    """The data set, loaded with COPY; returns the seconds it took."""
    started = time.perf_counter()
    rng = random.Random(7)
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMPORARY TABLE generated ("
            + ", ".join(f"{column} text" for column in COLUMNS)
            + ", days_ago float)"
        )
        generated = rows(rng)
        while chunk := list(itertools.islice(generated, 5000)):
            buffer = io.StringIO()
            csv.writer(buffer).writerows(chunk)
            buffer.seek(0)
            cursor.copy_expert(
                f"COPY generated FROM STDIN WITH (FORMAT csv, NULL '{NULL}')", buffer
            )
        cursor.execute(
            f"""
            INSERT INTO articles_article (
                {", ".join(COLUMNS)}, meta_description, journal, paper_title, paper_url,
                reviewer_name, reviewer_credentials, status, published_at, updated_at,
                kind, research_stage, study_population, what_it_means
            )
            SELECT {", ".join(COLUMNS)}, '', '', '', '', '', '', 'published',
                now() - days_ago * interval '1 day', now(), 'other', '', '', ''
            FROM generated
            ORDER BY days_ago DESC  -- as a newsroom adds them: the oldest first
            """
        )
        cursor.execute("DROP TABLE generated")
        cursor.execute("VACUUM (ANALYZE) articles_article")
    return time.perf_counter() - started


def unaccented(text):
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


def queries(rng):
    """(kind, language, query) drawn from the articles' words, as readers might type them."""
    general, topics = vocabulary()
    topic_weights = zipf(len(topics), 0.7)
    kinds = ["topic word"] * 10 + ["two topic words"] * 4 + ["medicine"] * 5 + ["common word"]
    drawn = []
    for n in range(QUERIES):
        language = "es" if n % 2 else "en"
        kind = kinds[n % len(kinds)]
        topic = rng.choices(topics, topic_weights)[0][language]
        if kind == "topic word":
            query = rng.choice(topic)
        elif kind == "two topic words":
            query = " ".join(rng.sample(topic, 2))
        elif kind == "medicine":
            query = rng.choice(MEDICINES)
        else:
            query = rng.choice(general[language][10:25])  # "patients", "study", "risk"…
        if language == "es" and rng.random() < 0.5:
            query = unaccented(query)  # readers often type without accents
        drawn.append((kind, language, query))
    return drawn


def search_page(language, query):
    """What the search page does: the ranked ids, then the first 10 with their snippets
    and topics."""
    results = full_text.search(language, query)
    page = get_page(results, 1)
    return page.paginator.count


def scan_page(language, query):
    """The same with `icontains` on title and body, newest first: no index can help it."""
    articles = (
        Article.objects.published()
        .in_language(language)
        .filter(
            Q(**{f"title_{language}__icontains": query})
            | Q(**{f"body_{language}__icontains": query})
        )
        .prefetch_related(topics_in(language))
    )
    page = get_page(articles, 1)
    list(page)
    return page.paginator.count


def list_page(language):
    """For scale: the first page of the article list, which every visitor may open."""
    page = get_page(Article.objects.published_in(language), 1)
    list(page)
    return page.paginator.count


class Timer:
    """Milliseconds in all, and in the database (its queries, from execute to fetch)."""

    def __init__(self):
        self.database = 0.0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.database += (time.perf_counter() - started) * 1000


def timed(function, *args):
    """(milliseconds in all, milliseconds in the database, what the function returned)."""
    timer = Timer()
    with connection.execute_wrapper(timer):
        started = time.perf_counter()
        result = function(*args)
        total = (time.perf_counter() - started) * 1000
    return total, timer.database, result


def percentile(values, p):
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1]


def main():
    with throwaway_database("search"):
        if not Article.objects.exists():
            print(f"Data: built in {build():.1f} s (COPY, generated tsvectors, GIN indexes)")
        english = Article.objects.published().in_language("en").count()
        spanish = Article.objects.published().in_language("es").count()
        print(
            f"{english:,} articles in English, {spanish:,} in Spanish; "
            f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} processors",
            flush=True,
        )
        drawn = queries(random.Random(11))
        for _kind, language, query in drawn[:20]:  # warm up
            search_page(language, query)
        searches = [(kind, *timed(search_page, language, query)) for kind, language, query in drawn]
        scans = [
            ("scan", *timed(scan_page, language, query)) for _k, language, query in drawn[:SCANS]
        ]
        lists = [("list", *timed(list_page, language)) for _k, language, _q in drawn[:SCANS]]
        return report(searches, scans, lists)


def report(searches, scans, lists):
    """A table of medians and 95th percentiles, in all and in the database."""

    def row(label, timings):
        totals = [total for _kind, total, _database, _count in timings]
        databases = [database for _kind, _total, database, _count in timings]
        counts = [count for _kind, _total, _database, count in timings]
        print(
            f"{label:42} {statistics.median(totals):8.1f} {percentile(totals, 95):8.1f}"
            f" {statistics.median(databases):8.1f} {percentile(databases, 95):8.1f}"
            f" {statistics.median(counts):9,.0f}"
        )
        return statistics.median(databases), percentile(databases, 95)

    print()
    print(f"{'milliseconds':42} {'in all':>17} {'in the database':>17} {'results':>9}")
    print(f"{'':42} {'median':>8} {'p95':>8} {'median':>8} {'p95':>8} {'median':>9}")
    for kind in ["topic word", "two topic words", "medicine", "common word"]:
        timings = [timing for timing in searches if timing[0] == kind]
        row(f"  {kind} ({len(timings)} queries)", timings)
    median, p95 = row(f"Search page, all {len(searches)} queries", searches)
    scan_median, scan_p95 = row(f"icontains scan, {len(scans)} of them", scans)
    row("For scale: the article list's first page", lists)
    ratio = scan_median / median
    print(f"{'Scan / search, in the database':42} {'':17} {ratio:7.0f}x {scan_p95 / p95:7.0f}x")
    met = p95 < TARGET_P95 and ratio >= TARGET_RATIO
    print(
        f"Target, in the database: p95 under {TARGET_P95} ms and {TARGET_RATIO}x faster "
        "than the scan: " + ("met ✓" if met else "missed ✗")
    )
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
