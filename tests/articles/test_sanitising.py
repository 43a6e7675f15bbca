"""Whatever an editor types can never put script into a page: a hostile corpus.

Every vector is rendered through articles/rendering.py, the one sanitiser, and the output
is parsed the way a browser would read it: each element must be on the allow-list, each
attribute allowed for its element, and each link an http(s), mailto or relative address.
"""

import re
from collections import Counter
from html.parser import HTMLParser

import pytest
from django.core.exceptions import ValidationError

from articles.rendering import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, render_markdown

pytestmark = pytest.mark.django_db

HOSTILE = [
    # Script elements, in every case and spacing.
    "<script>alert(1)</script>",
    "<SCRIPT>alert(1)</SCRIPT>",
    "<ScRiPt src=//evil.example/x.js></ScRiPt>",
    "<script\n>alert(1)</script\n>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<script/xss src=//evil.example/x.js></script>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "<template><script>alert(1)</script></template>",
    # Event handlers.
    "<img src=x onerror=alert(1)>",
    '<a href="https://ok.example" onclick="alert(1)">x</a>',
    '<p onmouseover="alert(1)">hover</p>',
    "<details open ontoggle=alert(1)>x</details>",
    "<body onload=alert(1)>",
    # Dangerous URL schemes, disguised.
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    '<a href="jav\tascript:alert(1)">x</a>',
    '<a href="jav&#x0A;ascript:alert(1)">x</a>',
    '<a href="java\nscript:alert(1)">x</a>',
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<a href="&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)">x</a>',
    '<a href="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105'
    '&#0000112&#0000116&#0000058alert(1)">x</a>',
    '<a href="javascript&colon;alert(1)">x</a>',
    '<a href=" javascript:alert(1)">x</a>',
    '<a href="\x00javascript:alert(1)">x</a>',
    '<a href="  &#14;javascript:alert(1)">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<a href="DATA:text/html,<script>alert(1)</script>">x</a>',
    # Markdown's own link and image syntax.
    "[x](javascript:alert(1))",
    "[x](JAVASCRIPT:alert(1))",
    "[x](jav&#x09;ascript:alert(1))",
    "[x](<javascript:alert(1)>)",
    '[x](javascript:alert(1) "title")',
    "![x](javascript:alert(1))",
    "![x](https://evil.example/pixel.png)",
    "[x][evil]\n\n[evil]: javascript:alert(1)",
    "[x][evil]\n\n[evil]: data:text/html;base64,PHNjcmlwdD4=",
    "<javascript:alert(1)>",
    "<vbscript:msgbox(1)>",
    "<JAVASCRIPT:alert(1)>",
    # SVG and MathML.
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<math href="javascript:alert(1)">x</math>',
    # Styles.
    '<p style="background:url(javascript:alert(1))">x</p>',
    '<div style="width:expression(alert(1))">x</div>',
    "<style>@import 'https://evil.example/x.css';</style>",
    "<link rel=stylesheet href=https://evil.example/x.css>",
    # Frames, objects, forms and page-wide elements.
    "<iframe src=https://evil.example></iframe>",
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    "<object data=https://evil.example/x.swf></object>",
    "<embed src=https://evil.example/x.swf>",
    "<form action=javascript:alert(1)><button>x</button></form>",
    '<base href="javascript:alert(1)//">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    # Comments, CDATA and parser confusion.
    "<!--<script>alert(1)</script>-->",
    "<!--><script>alert(1)</script>-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    "<img src=x onerror=alert(1)",
    "<a href='javascript:alert(1)'",
    '<p title="x" <script>alert(1)</script>',
    "<<script>script>alert(1)<</script>/script>",
]

SAFE_SCHEMES = {"http", "https", "mailto"}
# What can reach the database: forms reject NUL characters, and PostgreSQL cannot store them.
STORABLE = [hostile for hostile in HOSTILE if "\x00" not in hostile]


class Inspector(HTMLParser):
    """Reads HTML like a browser and notes anything that could run."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []

    def handle_starttag(self, tag, attrs):
        if tag not in ALLOWED_TAGS:
            self.problems.append(f"element <{tag}>")
        allowed = ALLOWED_ATTRIBUTES["*"] | ALLOWED_ATTRIBUTES.get(tag, set())
        if tag == "a":
            allowed = allowed | {"rel"}
        for name, value in attrs:
            if name not in allowed:
                self.problems.append(f"attribute {name} on <{tag}>")
            elif name == "href" and not is_safe_link(value or ""):
                self.problems.append(f"link {value!r}")

    handle_startendtag = handle_starttag

    def handle_comment(self, data):
        self.problems.append(f"comment {data!r}")

    def handle_decl(self, decl):
        self.problems.append(f"declaration {decl!r}")

    def unknown_decl(self, data):
        self.problems.append(f"declaration {data!r}")

    def handle_pi(self, data):
        self.problems.append(f"processing instruction {data!r}")


def is_safe_link(href):
    """Whether a browser would follow `href` to an http(s) or mailto address, or a relative one.

    Read as a browser reads it (the WHATWG URL standard): without the control characters
    and spaces around it, and without tabs and newlines anywhere in it.
    """
    url = re.sub(r"[\t\n\r]", "", href.strip("".join(map(chr, range(0x21)))))
    scheme = re.match(r"([a-zA-Z][a-zA-Z0-9+.-]*):", url)
    return scheme is None or scheme.group(1).lower() in SAFE_SCHEMES


def problems(html):
    inspector = Inspector()
    inspector.feed(html)
    inspector.close()
    return inspector.problems


def test_the_corpus_is_large_and_the_inspector_catches_what_it_should():
    assert len(HOSTILE) >= 30
    assert problems('<p onclick="x">a</p><a href="jav&#x09;ascript:x">b</a><svg></svg>') == [
        "attribute onclick on <p>",
        "link 'jav\\tascript:x'",
        "element <svg>",
    ]
    assert problems('<p>Fine <a href="https://x.org" rel="noopener">x</a></p>') == []


@pytest.mark.parametrize("hostile", HOSTILE)
def test_markdown_renders_nothing_that_can_run(hostile):
    assert problems(render_markdown(hostile)) == []


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_text_inside_ordinary_markdown_renders_nothing_that_can_run(hostile):
    text = f"## Findings\n\nSee [a link](https://ok.example).\n\n{hostile}\n\n- one\n- {hostile}"
    html = render_markdown(text)
    assert problems(html) == []
    assert '<a href="https://ok.example" rel="noopener noreferrer">a link</a>' in html


@pytest.mark.parametrize(
    "markdown",
    [
        "[mail us](mailto:news@example.org)",
        "[a study](https://pubmed.ncbi.nlm.nih.gov/?term=x)",
        "[our clinical trials page](/en/pages/clinical-trials/)",
    ],
)
def test_ordinary_links_survive(markdown):
    html = render_markdown(markdown)
    assert "<a href=" in html and problems(html) == []


@pytest.mark.parametrize(
    "title",
    [
        "<!--personal favorite {}--><!--/personal-->",
        "<meta http-equiv=refresh content=0;url=https://evil.example>",
        "a > b < c",
    ],
)
def test_a_link_title_comes_out_with_its_angle_brackets_escaped(title):
    # nh3 before 0.3.7 wrote "<" back unescaped inside an attribute: a title could then
    # put the page cache's personal markers, or anything that scans for tags, in a page.
    html = render_markdown(f'[Give](https://give.example "{title}")')
    escaped = title.replace("<", "&lt;").replace(">", "&gt;")
    assert f'title="{escaped}"' in html
    assert "<!--" not in html and "<meta" not in html


class PageInspector(HTMLParser):
    """Every element of a whole page, and any attribute or link on it that could run."""

    URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "xlink:href", "srcdoc"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements = Counter()
        self.problems = []

    def handle_starttag(self, tag, attrs):
        self.elements[tag] += 1
        for name, value in attrs:
            if name.startswith("on") or name == "style":
                self.problems.append(f"attribute {name} on <{tag}>")
            elif name in self.URL_ATTRIBUTES and not is_safe_link(value or ""):
                self.problems.append(f"{name} {value!r} on <{tag}>")

    handle_startendtag = handle_starttag


def page_problems(html, baseline):
    """What hostile text added to a page that the same page with ordinary text lacks."""
    page, ordinary = PageInspector(), PageInspector()
    page.feed(html)
    ordinary.feed(baseline)
    added = page.elements - ordinary.elements
    return page.problems + [
        f"{count} more <{tag}>" for tag, count in added.items() if tag not in ALLOWED_TAGS
    ]


@pytest.mark.parametrize("hostile", STORABLE[::3])
def test_article_pages_carry_no_script_from_editors(client, make_article, hostile):
    article = make_article(body_en=hostile, body_es=hostile, summary_en=hostile, title_en=hostile)
    english = client.get(f"/en/news/{article.slug_en}/").text
    spanish = client.get(f"/es/noticias/{article.slug_es}/").text
    baseline = client.get(f"/en/news/{make_article().slug_en}/").text
    for html in (english, spanish):
        assert page_problems(html, baseline) == []


@pytest.mark.parametrize("hostile", STORABLE[1::3])
def test_editor_pages_carry_no_script_from_editors(client, make_page, hostile):
    page = make_page(body_en=hostile, body_es=hostile, title_en=hostile)
    baseline = client.get(f"/en/pages/{make_page().slug_en}/").text
    for url in (f"/en/pages/{page.slug_en}/", f"/es/paginas/{page.slug_es}/"):
        assert page_problems(client.get(url).text, baseline) == []
    assert problems(page.body_html) == []


@pytest.mark.parametrize("hostile", STORABLE[2::3])
def test_promos_carry_no_script_from_editors(client, make_article, make_promo, hostile):
    article = make_article()
    promo = make_promo()
    baseline = client.get(f"/en/news/{article.slug_en}/").text
    promo.headline_en, promo.text_en, promo.link_text_en = hostile[:100], hostile, hostile[:60]
    promo.save()
    html = client.get(f"/en/news/{article.slug_en}/").text
    assert 'class="promo__headline"' in html
    assert page_problems(html, baseline) == []


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "jav\tascript:alert(1)",
        "vbscript:msgbox(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "ftp://files.example.org/x",
        "//evil.example/",
        "/en/pages/donate/",
        "https://",
    ],
)
def test_a_promo_link_must_be_an_http_address(make_promo, url):
    promo = make_promo()
    for field in ("url_en", "url_es"):
        setattr(promo, field, url)
        with pytest.raises(ValidationError) as error:
            promo.full_clean()
        assert field in error.value.message_dict
        setattr(promo, field, "https://give.example.org/")
