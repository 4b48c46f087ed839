"""Encoding detection of files that declare nothing (or something wrong), short ones above all:
a handful of accented letters must be enough to tell windows-1252 from windows-1251 or GBK."""

from __future__ import annotations

import time

import pytest

from notion_import.convert.encoding import decode_html
from notion_import.convert.plausibility import plausibility

WESTERN = [
    "Café crème brûlée",
    "naïve façade",
    "à bientôt",
    "Grüße aus München",
    "“quoted” – dash",
    "Señor Muñoz, ¿qué tal?",
    "¡Qué día tan bonito hace hoy!",
    "Città e università.",
    "A informação não está disponível.",
    "Jag bor i Göteborg och äter smörgås.",
    "Les élèves étaient réunis à côté de l’école, où ça sentait le café crème.",
    "Price: 10\xa0€ © 2020 « oui »",
]


@pytest.mark.parametrize("text", WESTERN)
@pytest.mark.parametrize("page", ["<p>{}</p>", "<html><body><h1>Title</h1><p>{}</p></body></html>"])
def test_short_windows_1252(text: str, page: str) -> None:
    html = page.format(text)
    assert decode_html(html.encode("cp1252")) == (html, "cp1252")


@pytest.mark.parametrize(
    "raw",
    [
        b"<p>Caf\xe9 cr\xe8me br\xfbl\xe9e</p>",
        b"<p>Stra\xdfe \xfcber Gr\xf6\xdfe</p>",
        b"<p>K\xf8benhavn, \xe6bler og \xe5l</p>",
        b"<p>\xc9cole, \xe9t\xe9, \xeele, o\xf9</p>",
    ],
)
def test_latin_1_bytes_read_as_windows_1252(raw: bytes) -> None:
    """ISO-8859-1 text (no bytes 0x80-0x9F) is windows-1252 text, as browsers read it."""
    assert decode_html(raw) == (raw.decode("latin-1"), "cp1252")


def test_utf8_without_bom_or_declaration() -> None:
    html = "<p>Café crème, 中文, Привет, 😀</p>"
    assert decode_html(html.encode("utf-8")) == (html, "utf-8")


@pytest.mark.parametrize(
    ("text", "encoding", "codec"),
    [
        ("中文测试，你好世界", "gbk", "gb18030"),
        ("汉语", "gbk", "gb18030"),
        ("第一章 总则", "gbk", "gb18030"),
        ("这是一个用GBK编码保存的中文笔记。", "gbk", "gb18030"),
        ("繁體中文測試，你好世界", "big5", "big5hkscs"),
        ("日本語のテキストです", "shift_jis", "cp932"),
        ("東京駅で友達に会いました。", "shift_jis", "cp932"),
        ("こんにちは", "shift_jis", "cp932"),
        ("日本語のテキストです", "euc_jp", "euc_jp"),
        ("한국어 텍스트입니다", "euc-kr", "cp949"),
        ("Привет, как дела?", "cp1251", "cp1251"),
        ("Я живу в большом городе и работаю программистом.", "koi8-r", "koi8-r"),
        ("Καλημέρα, τι κάνεις;", "cp1253", "cp1253"),
        ("Zażółć gęślą jaźń.", "cp1250", "cp1250"),
    ],
)
def test_short_legacy_pages(text: str, encoding: str, codec: str) -> None:
    html = f"<p>{text}</p>"
    assert decode_html(html.encode(encoding)) == (html, codec)


@pytest.mark.parametrize(
    ("right", "wrong"),
    [
        ("Café", "Cafй"),  # windows-1252 read as windows-1251: two alphabets in one word
        ("naïve", "na飗e"),  # read as GBK: an ideograph inside a Latin word
        ("Привет", "Ïðèâåò"),  # windows-1251 read as windows-1252: accented letters only
        ("中文测试", "笢恅聆彸"),  # GBK read as Big5: rare ideographs
        ("日本語のテキスト", "擔杮岅偺僥僉僗僩"),  # Shift_JIS read as GBK
        ("¿qué?", "ˇqué?"),  # windows-1252 read as windows-1250: a spacing caron
    ],
)
def test_plausibility_prefers_real_writing(right: str, wrong: str) -> None:
    assert plausibility(right) > plausibility(wrong)


def test_kana_in_a_chinese_code_page_are_unlikely() -> None:
    text = "泣塑胳のテキストです"  # EUC-JP read as GBK: common hanzi, and kana
    assert plausibility(text, "zh") < plausibility(text, "ja")


def test_a_long_ascii_run_does_not_slow_detection_down() -> None:
    """Looking for the text around non-ASCII bytes used to be quadratic in a run of ASCII
    (a base64 image): 100 KB took most of a minute."""
    raw = b'<img src="data:image/png;base64,' + b"QUJD" * 25_000 + b'"><p>Caf\xe9</p>'
    started = time.perf_counter()
    assert decode_html(raw)[1] == "cp1252"
    assert time.perf_counter() - started < 5
