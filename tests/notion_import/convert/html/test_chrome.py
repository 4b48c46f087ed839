"""Content, not chrome: the site's navigation left out of pages, reported as ``chrome``.

Each case is a small page written for the test in the markup of one generator or kind of
site: the words of its content must all be in the output, the words of its chrome none of
them, each left-out subtree a loss of kind ``chrome`` carrying its words; with
``keep_chrome`` the whole page is read as before.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from notion_import.convert.html.reader import convert_html
from notion_import.convert.ir import Block, ConvertedPage, Loss
from notion_import.convert.serialize import to_notion
from notion_import.sources.markdown import convert_markdown


@dataclass(frozen=True)
class Case:
    name: str
    html: str
    #: phrases of the content: all in the output.
    content: tuple[str, ...]
    #: phrases of the chrome: none in the output, each in a chrome loss's words.
    chrome: tuple[str, ...]


SPHINX = """<!DOCTYPE html><html><head><title>Installing — Guide</title>
<script src="_static/documentation_options.js"></script></head><body>
<div class="related" role="navigation" aria-label="related navigation"><h3>Navigation</h3>
<ul><li><a href="genindex.html">index</a></li><li><a href="next.html">next</a> |</li>
<li><a href="index.html">Guide</a> &#187;</li></ul></div>
<div class="document"><div class="documentwrapper"><div class="bodywrapper">
<div class="body" role="main"><section id="installing"><h1>Installing<a class="headerlink"
href="#installing">¶</a></h1><p>Run the installer twice.</p>
<nav class="contents local" id="contents"><ul><li><a href="#usage">Usage chapter</a></li>
</ul></nav><section id="usage"><h2>Usage</h2><p>Type the command.</p></section></section>
</div></div></div>
<div class="sphinxsidebar" role="navigation" aria-label="main navigation">
<div class="sphinxsidebarwrapper"><h3>Table of Contents</h3><ul><li>Sidebar entry</li></ul>
<div id="searchbox" role="search"><h3>Quick search</h3><form class="search"
action="search.html"><input type="text" name="q"><input type="submit" value="Go"></form>
</div></div></div></div>
<div class="related" role="navigation" aria-label="related navigation"><ul>
<li><a href="next.html">Bottom next</a></li></ul></div>
<div class="footer" role="contentinfo">© Copyright 2024, the team. Created using Sphinx.</div>
</body></html>"""

SPHINX_OLD = """<html><head><title>Old</title></head><body>
<div class="related"><ul><li><a href="prev.html">previous page</a></li></ul></div>
<div class="document"><div class="body"><h1>Old</h1><p>Old Sphinx content.</p></div></div>
<div class="sphinxsidebar"><ul><li>Old sidebar</li></ul></div>
<div class="footer">Old footer line</div></body></html>"""

DOCBOOK = """<html><head><title>Chapter 6. Building</title>
<meta name="generator" content="DocBook XSL Stylesheets V1.79.2"></head><body>
<div class="navheader"><table width="100%" summary="Navigation header">
<tr><th colspan="3" align="center">Chapter 6. Building the package</th></tr>
<tr><td align="left"><a accesskey="p" href="ch05.html">Prev</a> </td>
<th width="60%" align="center"> </th><td align="right"> <a accesskey="n"
href="ch07.html">Next</a></td></tr></table><hr></div>
<div class="chapter"><div class="titlepage"><h1 class="title">Chapter 6. Building</h1></div>
<div class="toc"><dl class="toc"><dt><a href="#s1">6.1. Complete rebuild</a></dt></dl></div>
<div class="section"><h2 id="s1">6.1. Complete rebuild</h2><p>Rebuild everything first.</p>
</div></div>
<div class="navfooter"><hr><table width="100%" summary="Navigation footer">
<tr><td align="left"><a accesskey="p" href="ch05.html">Prev</a> </td>
<td align="center"><a accesskey="u" href="index.html">Up</a></td>
<td align="right"> <a accesskey="n" href="ch07.html">Next</a></td></tr>
<tr><td align="left" valign="top">Chapter 5. Other files </td>
<td align="center"><a accesskey="h" href="index.html">Home</a></td>
<td align="right" valign="top"> Chapter 7. Checking</td></tr></table></div>
</body></html>"""

MKDOCS = """<html><head><title>Setup - Docs</title>
<meta name="generator" content="mkdocs-1.5.3, mkdocs-material-9.4.6"></head><body>
<header class="md-header"><nav class="md-header__inner">Docs site name</nav>
<div class="md-search" role="dialog"><form class="md-search__form" name="search">
<input type="text" class="md-search__input" name="query" placeholder="Search"></form></div>
</header>
<div class="md-container"><main class="md-main"><div class="md-main__inner">
<div class="md-sidebar md-sidebar--primary"><nav class="md-nav">Primary sidebar link</nav>
</div><div class="md-sidebar md-sidebar--secondary"><div>Table of contents sidebar</div>
</div><div class="md-content"><article class="md-content__inner md-typeset">
<h1>Setup</h1><p>Install the theme with pip.</p></article></div></div></main>
<footer class="md-footer"><nav class="md-footer__inner">Previous Home Next Configuration</nav>
<div class="md-copyright">Made with Material</div></footer></div></body></html>"""

JAVADOC = """<html><head><title>Widget</title>
<meta name="generator" content="javadoc/ClassWriterImpl"></head>
<body class="class-declaration-page">
<div class="flex-box"><header role="banner" class="flex-header">
<nav role="navigation"><div class="top-nav" id="navbar-top"><ul class="nav-list">
<li><a href="package-summary.html">Package</a></li><li class="nav-bar-cell1-rev">Class</li>
</ul></div><div class="sub-nav"><ul class="sub-nav-list"><li>Summary:&nbsp;</li></ul></div>
</nav></header><div class="flex-content"><main role="main"><div class="header">
<h1 title="Class Widget" class="title">Class Widget</h1></div>
<section class="class-description"><div class="block">A widget draws itself.</div></section>
</main><footer role="contentinfo"><p class="legal-copy"><small>Copyright the makers</small></p>
</footer></div></div></body></html>"""

JAVADOC_LEGACY = """<html><head><title>Gadget</title></head><body>
<!-- ========= START OF TOP NAVBAR ======= -->
<div class="topNav"><a name="navbar.top"></a><ul class="navList"><li>Overview tab</li>
</ul></div><div class="subNav"><ul class="navList"><li>Prev Class</li></ul></div>
<!-- ========= END OF TOP NAVBAR ========= -->
<div class="header"><h2 title="Class Gadget" class="title">Class Gadget</h2></div>
<div class="contentContainer"><div class="description"><div class="block">A gadget
turns.</div></div></div>
<!-- ======= START OF BOTTOM NAVBAR ====== -->
<div class="bottomNav"><ul class="navList"><li>Bottom overview tab</li></ul></div>
<!-- ======== END OF BOTTOM NAVBAR ======= -->
<p class="legalCopy"><small>Legal notice stays</small></p></body></html>"""

JAVADOC_TABLES = """<html><head><title>Gizmo</title></head><body>
<!-- ========= START OF TOP NAVBAR ======= -->
<a name="navbar_top"></a><table border="0" width="100%"><tr><td>Overview Package
Class Tree Deprecated Index Help</td></tr></table>
<!-- ========= END OF TOP NAVBAR ========= -->
<h2>Class Gizmo</h2><p>A gizmo spins.</p>
<!-- ======= START OF BOTTOM NAVBAR ====== -->
<table border="0" width="100%"><tr><td>PREV CLASS NEXT CLASS FRAMES</td></tr></table>
<!-- ======== END OF BOTTOM NAVBAR ======= -->
</body></html>"""

DOXYGEN = """<html><head><title>Doxygen: Configuration</title>
<meta name="generator" content="Doxygen 1.9.4"></head><body>
<div id="top"><div id="titlearea"><table><tr><td><div id="projectname">MyProject
</div></td></tr></table></div><div id="main-nav"><ul><li>Main Page tab</li></ul></div>
<div id="MSearchBox" class="MSearchBoxInactive"><input type="text" id="MSearchField"
value="" placeholder="Search"></div></div>
<div id="side-nav"><div id="nav-tree"><div>Tree entry</div></div></div>
<div id="doc-content"><div class="header"><div class="headertitle"><div class="title">
Configuration</div></div></div><div class="contents"><div class="textblock">
<p>Set the tag to YES.</p></div></div></div>
<div id="nav-path" class="navpath"><ul><li class="footer">Generated by doxygen</li></ul></div>
</body></html>"""

PYDOC = """<html><head><title>Python: module spam</title></head><body>
<table class="heading"><tr class="heading-text decor"><td class="title">&nbsp;<br>
<strong class="title">spam</strong></td><td class="extra"><a href=".">index</a><br>
<a href="file:/usr/lib/spam.py">/usr/lib/spam.py</a></td></tr></table>
<p><span class="code">Eggs&nbsp;and&nbsp;spam,&nbsp;served&nbsp;daily.</span></p>
<table class="section"><tr class="decor pkg-content-decor heading-text"><td class="section-title"
colspan="3">&nbsp;<br><strong class="bigsection">Functions</strong></td></tr>
<tr><td class="singlecolumn"><dl><dt><strong>fry</strong>(egg)</dt><dd>Fry an egg.</dd>
</dl></td></tr></table></body></html>"""

TEXINFO = """<html><head><title>Invoking (Manual)</title>
<meta name="Generator" content="makeinfo"></head><body lang="en">
<div class="chapter-level-extent" id="Invoking">
<div class="nav-panel"><p>Next: <a href="Options.html" accesskey="n" rel="next">Options
node</a>, Previous: <a href="Intro.html" accesskey="p" rel="prev">Intro node</a>, Up:
<a href="index.html" accesskey="u" rel="up">Top node</a> &nbsp; </p></div><hr>
<h2 class="chapter">2 Invoking</h2><p>Call the program with a file.</p></div></body></html>"""

SAVED_PAGE = """<html><head><title>Recipe</title></head><body>
<header><a href="/">Cooking site</a><nav><a href="/a">Recipes</a> <a href="/b">Shop</a></nav>
<form action="/search"><input type="search" name="q"></form></header>
<ol class="breadcrumb"><li><a href="/">Home crumb</a></li><li>Soups crumb</li></ol>
<div class="post"><h1>Recipe</h1><p>Boil the water, add salt.</p></div>
<footer><nav><a href="/about">About us link</a></nav><p>Site footer words</p></footer>
</body></html>"""

MAIN = """<html><head><title>Main</title></head><body>
<div class="top">Top bar words</div><main><h1>Main</h1><p>The main text is here and it is
long enough to be the page's content, much longer than the bar above it.</p></main>
<aside>Aside words</aside></body></html>"""

ROLE_MAIN = """<html><head><title>Role</title></head><body>
<nav>Menu words</nav><div role="main"><p>Content under role main, with enough words to
count as the whole page.</p></div><div role="contentinfo">Footer info words</div>
</body></html>"""

ONE_ARTICLE = """<html><head><title>Blog</title></head><body>
<header><nav>Blog menu</nav></header><article><h2>Post title</h2><p>The post itself, which
holds most of the words of this page by far.</p></article><footer>Blog footer</footer>
</body></html>"""

CASES = [
    Case(
        "sphinx",
        SPHINX,
        ("Run the installer twice.", "Type the command.", "Usage chapter"),
        ("Sidebar entry", "Quick search", "Bottom next", "Created using Sphinx", "index"),
    ),
    Case(
        "sphinx without role=main",
        SPHINX_OLD,
        ("Old Sphinx content.",),
        ("previous page", "Old sidebar", "Old footer line"),
    ),
    Case(
        "DocBook Prev/Next tables",
        DOCBOOK,
        ("Rebuild everything first.", "6.1. Complete rebuild"),
        ("Chapter 6. Building the package", "Prev", "Next", "Up", "Chapter 7. Checking"),
    ),
    Case(
        "MkDocs",
        MKDOCS,
        ("Install the theme with pip.",),
        (
            "Docs site name",
            "Primary sidebar link",
            "Table of contents sidebar",
            "Previous Home Next Configuration",
            "Made with Material",
        ),
    ),
    Case(
        "Javadoc",
        JAVADOC,
        ("Class Widget", "A widget draws itself."),
        ("Package", "Summary:", "Copyright the makers"),
    ),
    Case(
        "Javadoc before HTML5",
        JAVADOC_LEGACY,
        ("Class Gadget", "A gadget turns.", "Legal notice stays"),
        ("Overview tab", "Prev Class", "Bottom overview tab"),
    ),
    Case(
        "Javadoc navigation tables",
        JAVADOC_TABLES,
        ("Class Gizmo", "A gizmo spins."),
        ("Overview Package", "PREV CLASS NEXT CLASS"),
    ),
    Case(
        "Doxygen",
        DOXYGEN,
        ("Configuration", "Set the tag to YES."),
        ("MyProject", "Main Page tab", "Tree entry", "Generated by doxygen"),
    ),
    Case(
        "pydoc",
        PYDOC,
        ("Eggs and spam, served daily.", "Functions", "fry", "Fry an egg."),
        ("/usr/lib/spam.py", "index"),
    ),
    Case(
        "Texinfo",
        TEXINFO,
        ("2 Invoking", "Call the program with a file."),
        ("Options node", "Intro node", "Top node"),
    ),
    Case(
        "a saved web page",
        SAVED_PAGE,
        ("Boil the water, add salt.",),
        (
            "Cooking site",
            "Recipes",
            "Home crumb",
            "Soups crumb",
            "About us link",
            "Site footer words",
        ),
    ),
    Case("<main>", MAIN, ("The main text is here",), ("Top bar words", "Aside words")),
    Case(
        "role=main",
        ROLE_MAIN,
        ("Content under role main",),
        ("Menu words", "Footer info words"),
    ),
    Case(
        "a single <article>",
        ONE_ARTICLE,
        ("Post title", "The post itself"),
        ("Blog menu", "Blog footer"),
    ),
]


def words(page: ConvertedPage) -> str:
    """Every word of the page's blocks as Notion would show them, white space collapsed."""
    blocks, _ = to_notion(page.blocks, assets=list(page.assets), where=page.source)
    parts: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, dict):
            text = value.get("text")
            if isinstance(text, dict) and isinstance(text.get("content"), str):
                parts.append(text["content"])
            for child in value.values():
                walk(child)
        elif isinstance(value, list):
            for child in value:
                walk(child)

    walk(blocks)
    return " ".join(" ".join(parts).split())


def chrome(page: ConvertedPage) -> list[Loss]:
    return [loss for loss in page.losses if loss.kind == "chrome"]


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_content_is_kept_and_chrome_left_out(case: Case) -> None:
    page = convert_html(case.html, source="page.html")
    shown = words(page)
    for phrase in case.content:
        assert phrase in shown, (phrase, shown)
    left_out = " ".join(loss.text for loss in chrome(page))
    for phrase in case.chrome:
        assert f" {phrase} " not in f" {shown} ", (phrase, shown)
        assert phrase in left_out, (phrase, left_out)
    assert all("--keep-chrome keeps it" in loss.reason for loss in chrome(page))


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_keep_chrome_keeps_the_whole_page(case: Case) -> None:
    page = convert_html(case.html, source="page.html", keep_chrome=True)
    shown = words(page)
    assert chrome(page) == []
    for phrase in (*case.content, *case.chrome):
        assert phrase.replace("\u00a0", " ") in shown.replace("\u00a0", " "), (phrase, shown)


def test_a_chrome_loss_carries_the_words_it_leaves_out() -> None:
    page = convert_html(DOCBOOK, source="ch06.html")
    losses = chrome(page)
    assert [loss.element for loss in losses] == ["div.navheader", "div.navfooter"]
    assert losses[0].text == "Chapter 6. Building the package Prev Next"
    assert losses[1].text == "Prev Up Next Chapter 5. Other files Home Chapter 7. Checking"
    assert losses[0].reason == "DocBook navigation, left out (--keep-chrome keeps it)"
    assert losses[0].where == "ch06.html: div"


def test_the_prev_next_tables_do_not_become_tables() -> None:
    page = convert_html(DOCBOOK, source="ch06.html")
    blocks, _ = to_notion(page.blocks)
    assert [block["type"] for block in blocks if block["type"] == "table"] == []
    kept, _ = to_notion(convert_html(DOCBOOK, source="ch06.html", keep_chrome=True).blocks)
    assert len([block for block in kept if block["type"] == "table"]) == 2


def test_a_page_without_chrome_signs_is_untouched() -> None:
    html = """<html><head><title>Notes</title></head><body><header><h1>Notes</h1>
    <p>Written on Monday.</p></header><div class="footer">A div named footer</div>
    <div class="menu"><ul><li><a href="a.html">A list of links</a></li></ul></div>
    <form><input name="answer" value="an answer"></form>
    <footer><p>Signed, me.</p></footer></body></html>"""
    page = convert_html(html, source="notes.html")
    same = convert_html(html, source="notes.html", keep_chrome=True)
    assert chrome(page) == []
    assert to_notion(page.blocks) == to_notion(same.blocks)


def test_two_articles_are_both_kept() -> None:
    html = """<body><nav>Menu</nav><article><p>First article words.</p></article>
    <article><p>Second article words.</p></article><p>A paragraph between.</p></body>"""
    shown = words(convert_html(html, source="two.html"))
    assert "First article words." in shown
    assert "Second article words." in shown
    assert "A paragraph between." in shown
    assert "Menu" not in shown


def test_a_marker_around_a_small_part_of_the_page_is_not_the_content() -> None:
    html = """<body><p>A long first paragraph of the page that no marker holds, with many
    words in it.</p><main><p>Small part.</p></main><p>Another paragraph of the page.</p>
    <article><p>A card</p></article></body>"""
    page = convert_html(html, source="p.html")
    shown = words(page)
    assert "A long first paragraph" in shown
    assert "Another paragraph of the page." in shown
    assert "A card" in shown
    assert chrome(page) == []


def test_a_table_of_contents_in_the_content_stays() -> None:
    html = """<body><nav id="TOC"><ul><li><a href="#a">Section A</a></li></ul></nav>
    <h2 id="a">Section A</h2><p>Text.</p></body>"""
    page = convert_html(html, source="p.html")
    assert words(page).count("Section A") == 2
    assert chrome(page) == []


def test_notion_export_is_untouched() -> None:
    html = """<html><body><article id="x" class="page sans"><header>
    <h1 class="page-title">Plan</h1><table class="properties"><tr><th>Status</th>
    <td>Done</td></tr></table></header><div class="page-body">
    <nav class="block-color-gray table_of_contents"><div><a href="#h">Heading</a></div></nav>
    <h2 id="h">Heading</h2><p>Body text.</p></div></article></body></html>"""
    page = convert_html(html, source="Plan.html")
    blocks, _ = to_notion(page.blocks)
    # nothing is left out as navigation; the table of contents is Notion's own block, its
    # entries' words (which Notion draws from the headings) reported with it
    assert [(loss.reason, loss.text) for loss in chrome(page)] == [
        ("table of contents drawn by Notion", "Heading")
    ]
    assert "table_of_contents" in [block["type"] for block in blocks]
    assert "Done" in words(page)


def test_hidden_chrome_is_not_reported_and_wordless_chrome_is() -> None:
    html = """<body><nav style="display:none">Hidden menu</nav><nav><img src="logo.png"
    alt=""></nav><form action="/search"><input name="q"><input type="submit" value="Go">
    </form><main><p>Main text of the page, long enough.</p></main></body>"""
    page = convert_html(html, source="p.html")
    losses = chrome(page)
    assert [(loss.element, loss.text) for loss in losses] == [("nav", ""), ("form", "")]
    assert "Go" not in words(page)
    assert not [block for block in page.blocks if not isinstance(block, Block)]
    assert "Hidden menu" not in words(page)


def test_a_page_of_nothing_but_navigation_is_kept_whole() -> None:
    html = """<body><nav><ul><li><a href="a.html">Chapter A</a></li>
    <li><a href="b.html">Chapter B</a></li></ul></nav></body>"""
    page = convert_html(html, source="sitemap.html")
    assert "Chapter A" in words(page)
    assert chrome(page) == []


def test_markdown_is_all_content() -> None:
    page = convert_markdown(
        "<nav>Hand-written menu</nav>\n\nSome text.\n", source="a.md", files=None
    )
    assert "Hand-written menu" in words(page)
    assert chrome(page) == []


def test_a_chrome_loss_names_the_pictures_it_leaves_out() -> None:
    html = """<html><head><title>Page</title></head><body><nav><a href="index.html"><img
    src="images/up%20arrow.png" alt="Up"></a><img src="data:image/png;base64,AAAA" alt="">
    <img src="https://cdn.example/logo.svg?v=2"> Home</nav><main><p>The page's own text, with
    words enough.</p><img src="figure.png"></main></body></html>"""
    page = convert_html(html, source="page.html")
    [loss] = chrome(page)
    assert "its images: up arrow.png, logo.svg" in loss.reason
    assert "figure.png" not in loss.reason
    assert loss.text == "Home"
