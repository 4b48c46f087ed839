"""Media and math rules: HTML snippet -> expected blocks (and valid Notion JSON)."""

from __future__ import annotations

import pytest
from tests.notion_import.convert.ir_builders import P, eq, img, rounded, s, valid_notion
from tests.notion_import.convert.rules_reader import read

from notion_import.convert.ir import Asset, Block, Equation, Image, Marks, Media, Paragraph

YOUTUBE = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"


def remote(kind: str, url: str, caption: str = "") -> Media:
    return Media(kind, Asset("remote", url), caption=[s(caption)] if caption else [])  # type: ignore[arg-type]


def local(kind: str, ref: str, caption: str = "") -> Media:
    return Media(kind, Asset("local", ref), caption=[s(caption)] if caption else [])  # type: ignore[arg-type]


MEDIA: list[tuple[str, str, list[Block]]] = [
    (
        "youtube-embed-to-watch",
        "<iframe src='https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?rel=0'></iframe>",
        [remote("video", YOUTUBE)],
    ),
    (
        "protocol-relative-vimeo",
        "<iframe src='//player.vimeo.com/video/76979871?h=8272103f6e'></iframe>",
        [remote("video", "https://vimeo.com/76979871")],
    ),
    (
        "lazy-iframe",
        "<iframe data-src='https://www.google.com/maps/embed?pb=1'></iframe>",
        [remote("embed", "https://www.google.com/maps/embed?pb=1")],
    ),
    (
        "loom-share-page",
        "<iframe src='https://www.loom.com/embed/abc123'></iframe>",
        [remote("embed", "https://www.loom.com/share/abc123")],
    ),
    ("local-page-in-frame", "<iframe src='other.html'></iframe>", [local("file", "other.html")]),
    ("local-pdf-in-frame", "<iframe src='doc.pdf'></iframe>", [local("pdf", "doc.pdf")]),
    ("srcdoc-frame", "<iframe srcdoc='<p>hi</p>'></iframe>", []),
    ("blank-frame", "<iframe src='about:blank'></iframe>", []),
    (
        "video-src",
        "<video controls src='attachments/video.mp4'></video>",
        [local("video", "attachments/video.mp4")],
    ),
    (
        "video-first-source",
        "<video><source type='video/webm' src='v.webm'><source src='v.mp4'>fallback</video>",
        [local("video", "v.webm")],
    ),
    (
        "remote-video-file",
        "<video src='https://upload.wikimedia.org/x/Illusion_movie.ogv'>"
        "<a href='x'>download</a></video>",
        [remote("video", "https://upload.wikimedia.org/x/Illusion_movie.ogv")],
    ),
    (
        "audio-local",
        "<audio controls src='attachments/audio.mp3'></audio>",
        [local("audio", "attachments/audio.mp3")],
    ),
    ("audio-without-source", "<audio controls></audio>", []),
    ("missing-file", "<audio src='missing.mp3'></audio>", []),
    ("embed-pdf", "<embed src='doc.pdf' type='application/pdf'>", [local("pdf", "doc.pdf")]),
    (
        "object-pdf",
        "<object data='report.pdf'><p>no viewer</p></object>",
        [local("pdf", "report.pdf")],
    ),
    ("object-image", "<object data='chart.svg' type='image/svg+xml'></object>", [img("chart.svg")]),
    (
        "object-remote-page",
        "<object data='https://example.com/widget'></object>",
        [remote("embed", "https://example.com/widget")],
    ),
    (
        "object-flash-falls-back",
        "<object data='movie.swf'><p>Get Flash</p></object>",
        [P("Get Flash")],
    ),
    ("embed-flash", "<embed src='movie.swf'>", []),
    ("object-without-data", "<object><p>fallback text</p></object>", [P("fallback text")]),
    ("embed-unknown-local", "<embed src='data.bin'>", [local("file", "data.bin")]),
    (
        "figure-with-caption",
        "<figure><figcaption>audio.mp3</figcaption><audio controls src='a.mp3'>"
        "<a href='a.mp3'>download</a></audio></figure>",
        [local("audio", "a.mp3", caption="audio.mp3")],
    ),
    (
        "figure-with-frame-caption",
        "<figure><iframe src='https://www.youtube.com/embed/dQw4w9WgXcQ'></iframe>"
        "<figcaption>A <b>song</b></figcaption></figure>",
        [
            Media(
                "video",
                Asset("remote", YOUTUBE),
                caption=[s("A "), s("song", marks=Marks(bold=True))],
            )
        ],
    ),
    ("canvas", "<canvas width=300>Your browser cannot draw.</canvas>", []),
    ("applet-fallback", "<applet code='A.class'><p>Java needed</p></applet>", [P("Java needed")]),
    ("icon-svg-dropped", "<svg width='16' height='16'><path d='M0 0'/></svg>", []),
    ("icon-class-svg-dropped", "<svg class='octicon octicon-info'><path d='M0'/></svg>", []),
    ("sprite-use-dropped", "<svg><use href='#logo'/></svg>", []),
]


@pytest.mark.parametrize(("name", "html", "expected"), MEDIA, ids=[c[0] for c in MEDIA])
def test_media(name: str, html: str, expected: list[Block]) -> None:
    blocks, _ = read(html)
    assert rounded(blocks) == rounded(expected)
    valid_notion(blocks)


def test_inline_svg_becomes_an_image_asset() -> None:
    html = (
        "<svg xmlns:xlink='http://www.w3.org/1999/xlink' viewBox='0 0 100 50' width='200'>"
        "<title>Chart</title><image xlink:href='a.png'/><text>&nbsp;x</text>"
        "<foreignObject><br></foreignObject></svg>"
    )
    blocks, _ = read(html)
    assert len(blocks) == 1 and isinstance(blocks[0], Image)
    asset = blocks[0].asset
    assert asset.kind == "data" and asset.media_type == "image/svg+xml"
    assert asset.name is not None and asset.name.startswith("inline-")
    assert asset.name.endswith(".svg") and asset.ref == asset.name
    assert blocks[0].alt == "Chart"
    data = (asset.data or b"").decode()
    assert data.startswith('<svg xmlns="http://www.w3.org/2000/svg"')
    assert 'viewBox="0 0 100 50"' in data and "&#160;" in data and "<br/>" in data
    import xml.etree.ElementTree as ElementTree

    ElementTree.fromstring(data)  # a well-formed SVG file
    again, _ = read(html)
    assert again[0].asset == asset  # type: ignore[attr-defined]  # same drawing, same file
    payload = valid_notion(blocks)
    assert payload[0]["image"]["type"] == "file_upload"


MEDIA_LOSSES = [
    ("srcdoc", "<iframe srcdoc='<p>x</p>'></iframe>", "srcdoc"),
    ("local-page", "<iframe src='p.html'></iframe>", "attached as a file"),
    ("track", "<video src='v.mp4'><track src='v.vtt'></video>", "subtitles"),
    ("flash", "<embed src='m.swf'>", "Flash"),
    ("canvas", "<canvas></canvas>", "canvas"),
    ("applet", "<applet></applet>", "applet"),
    ("icon", "<svg width=12 height=12></svg>", "icon"),
    ("no-source", "<video></video>", "without a source"),
]


@pytest.mark.parametrize(("name", "html", "reason"), MEDIA_LOSSES, ids=[c[0] for c in MEDIA_LOSSES])
def test_media_losses(name: str, html: str, reason: str) -> None:
    _, reader = read(html)
    assert any(reason in r for _, r in reader.losses), reader.losses


KATEX = (
    '<span class="katex"><span class="katex-mathml"><math><semantics><mrow><mi>x</mi></mrow>'
    '<annotation encoding="application/x-tex">x^2</annotation></semantics></math></span>'
    '<span class="katex-html" aria-hidden="true">x2</span></span>'
)
MATH: list[tuple[str, str, list[Block]]] = [
    ("katex-inline", f"<p>Area {KATEX} m</p>", [P("Area ", eq("x^2"), " m")]),
    ("katex-display", f"<div><span class='katex-display'>{KATEX}</span></div>", [Equation("x^2")]),
    (
        "katex-display-inside-text",
        f"<div>Before <span class='katex-display'>{KATEX}</span> after</div>",
        [P("Before"), Equation("x^2"), P("after")],
    ),
    (
        "mathjax-scripts",
        "<p>Let <script type='math/tex'>a+b</script> be.</p>"
        "<script type='math/tex; mode=display'>\\sum_i x_i</script>",
        [P("Let ", eq("a+b"), " be."), Equation("\\sum_i x_i")],
    ),
    (
        "mathjax-rendered-copies-skipped",
        "<p>Let <span class='MathJax_Preview'>a+b</span>"
        "<span class='MathJax' id='MathJax-Element-1-Frame'>"
        "<nobr>a+b</nobr><span class='MJX_Assistive_MathML'><math><mi>a</mi></math></span></span>"
        "<script type='math/tex' id='MathJax-Element-1'>a+b</script> be.</p>"
        "<div class='MathJax_Display'><span class='MathJax'>big</span></div>"
        "<script type='math/tex; mode=display'>E=mc^2</script>",
        [P("Let ", eq("a+b"), " be."), Equation("E=mc^2")],
    ),
    (
        "mathml-alttext",
        "<p>so <math alttext='{\\displaystyle \\pi r^2}'><mi>π</mi></math></p>",
        [P("so ", eq("{\\displaystyle \\pi r^2}"))],
    ),
    (
        "mathml-annotation",
        "<math display='block'><semantics><mi>y</mi><annotation encoding='TeX'>y=1</annotation>"
        "</semantics></math>",
        [Equation("y=1")],
    ),
    (
        "mathml-converted",
        "<p><math><mfrac><mn>1</mn><msqrt><mi>x</mi></msqrt></mfrac><mo>+</mo>"
        "<msubsup><mi>a</mi><mi>i</mi><mn>2</mn></msubsup><mo>+</mo><mi>sin</mi>"
        "<mover><mi>v</mi><mo>→</mo></mover><munderover><mo>∑</mo><mi>i</mi><mi>n</mi>"
        "</munderover><mfenced><mi>a</mi><mi>b</mi></mfenced><mtext>if x</mtext></math></p>",
        [
            P(
                eq(
                    "\\frac{1}{\\sqrt{x}}+{a}_{i}^{2}+\\mathrm{sin}\\vec{v}{∑}_{i}^{n}"
                    "\\left(a,b\\right)\\text{if x}"
                )
            )
        ],
    ),
    (
        "mathml-table",
        "<math display='block'><mtable><mtr><mtd><mn>1</mn></mtd><mtd><mn>0</mn></mtd></mtr>"
        "<mtr><mtd><mn>0</mn></mtd><mtd><mn>1</mn></mtd></mtr></mtable></math>",
        [Equation("\\begin{matrix}1 & 0 \\\\ 0 & 1\\end{matrix}")],
    ),
    (
        "pandoc-math",
        "<p>Inline <span class='math inline'>\\(a^2\\)</span>.</p>"
        "<p><span class='math display'>\\[b^2\\]</span></p>",
        [P("Inline ", eq("a^2"), "."), Equation("b^2")],
    ),
    (
        "arithmatex",
        "<p><span class='arithmatex'>\\(x\\)</span></p><div class='arithmatex'>\\[\n y \n\\]</div>"
        "<p>and <span class='arithmatex'>$$z$$</span></p>",
        [P(eq("x")), Equation("y"), P("and"), Equation("z")],
    ),
    (
        "mathjax3-container",
        "<mjx-container class='MathJax' jax='CHTML' display='true'><mjx-math>…</mjx-math>"
        "<mjx-assistive-mml><math display='block'><msup><mi>e</mi><mi>x</mi></msup></math>"
        "</mjx-assistive-mml></mjx-container>",
        [Equation("{e}^{x}")],
    ),
]


@pytest.mark.parametrize(("name", "html", "expected"), MATH, ids=[c[0] for c in MATH])
def test_math(name: str, html: str, expected: list[Block]) -> None:
    blocks, _ = read(html)
    assert rounded(blocks) == rounded(expected)
    valid_notion(blocks)


def test_mathml_without_source_is_reported() -> None:
    _, reader = read("<p><math><mi>x</mi></math></p>")
    assert any("converted to LaTeX" in r for _, r in reader.losses)


def test_deep_mathml_does_not_recurse_forever() -> None:
    html = "<p><math>" + "<mrow>" * 3000 + "<mi>x</mi>" + "</mrow>" * 3000 + "</math></p>"
    blocks, _ = read(html)
    assert isinstance(blocks[0], Paragraph)
    assert blocks[0].spans[0].kind == "equation" and "x" in blocks[0].spans[0].text


def test_long_inline_equation_becomes_a_block() -> None:
    tex = "x+" * 600 + "1"
    blocks, _ = read(f"<p>a <script type='math/tex'>{tex}</script> b</p>")
    payload = valid_notion(blocks)
    assert [p["type"] for p in payload] == ["paragraph", "equation", "paragraph"]
