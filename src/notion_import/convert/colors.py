"""CSS colours -> the nearest of Notion's nine colours.

:func:`parse_color` reads a CSS colour value (a named colour, ``#rgb``, ``#rgba``,
``#rrggbb``, ``#rrggbbaa``, ``rgb()``/``rgba()`` with numbers or percentages, ``hsl()``/``hsla()``);
translucent colours are blended over white, as they would show on a white page.

:func:`notion_color` picks Notion's colour by hue, from the table :data:`HUES`:

- greys (saturation under 20 %) are ``gray``; near black and near white (or a faint tint)
  are ``default`` (plain text on a page, no highlight);
- dark or greyish warm colours (red to yellow hue, dark or dull) are ``brown``;
- every other colour takes the Notion colour whose hue range holds it.

Backgrounds get the ``_background`` form of the same name; a near-white background is
``default`` (no highlight). The function returns ``None`` for values that are not a colour
(``inherit``, ``currentcolor``, ``transparent``, garbage): the caller keeps what it had.
"""

from __future__ import annotations

import colorsys
import re
from functools import lru_cache
from typing import Final

RGB = tuple[float, float, float]

#: CSS named colours (CSS Color Module Level 4).
NAMED_COLORS: Final[dict[str, str]] = {
    "aliceblue": "f0f8ff", "antiquewhite": "faebd7", "aqua": "00ffff", "aquamarine": "7fffd4",
    "azure": "f0ffff", "beige": "f5f5dc", "bisque": "ffe4c4", "black": "000000",
    "blanchedalmond": "ffebcd", "blue": "0000ff", "blueviolet": "8a2be2", "brown": "a52a2a",
    "burlywood": "deb887", "cadetblue": "5f9ea0", "chartreuse": "7fff00",
    "chocolate": "d2691e", "coral": "ff7f50", "cornflowerblue": "6495ed",
    "cornsilk": "fff8dc", "crimson": "dc143c", "cyan": "00ffff", "darkblue": "00008b",
    "darkcyan": "008b8b", "darkgoldenrod": "b8860b", "darkgray": "a9a9a9",
    "darkgreen": "006400", "darkgrey": "a9a9a9", "darkkhaki": "bdb76b",
    "darkmagenta": "8b008b", "darkolivegreen": "556b2f", "darkorange": "ff8c00",
    "darkorchid": "9932cc", "darkred": "8b0000", "darksalmon": "e9967a",
    "darkseagreen": "8fbc8f", "darkslateblue": "483d8b", "darkslategray": "2f4f4f",
    "darkslategrey": "2f4f4f", "darkturquoise": "00ced1", "darkviolet": "9400d3",
    "deeppink": "ff1493", "deepskyblue": "00bfff", "dimgray": "696969", "dimgrey": "696969",
    "dodgerblue": "1e90ff", "firebrick": "b22222", "floralwhite": "fffaf0",
    "forestgreen": "228b22", "fuchsia": "ff00ff", "gainsboro": "dcdcdc",
    "ghostwhite": "f8f8ff", "gold": "ffd700", "goldenrod": "daa520", "gray": "808080",
    "green": "008000", "greenyellow": "adff2f", "grey": "808080", "honeydew": "f0fff0",
    "hotpink": "ff69b4", "indianred": "cd5c5c", "indigo": "4b0082", "ivory": "fffff0",
    "khaki": "f0e68c", "lavender": "e6e6fa", "lavenderblush": "fff0f5",
    "lawngreen": "7cfc00", "lemonchiffon": "fffacd", "lightblue": "add8e6",
    "lightcoral": "f08080", "lightcyan": "e0ffff", "lightgoldenrodyellow": "fafad2",
    "lightgray": "d3d3d3", "lightgreen": "90ee90", "lightgrey": "d3d3d3",
    "lightpink": "ffb6c1", "lightsalmon": "ffa07a", "lightseagreen": "20b2aa",
    "lightskyblue": "87cefa", "lightslategray": "778899", "lightslategrey": "778899",
    "lightsteelblue": "b0c4de", "lightyellow": "ffffe0", "lime": "00ff00",
    "limegreen": "32cd32", "linen": "faf0e6", "magenta": "ff00ff", "maroon": "800000",
    "mediumaquamarine": "66cdaa", "mediumblue": "0000cd", "mediumorchid": "ba55d3",
    "mediumpurple": "9370db", "mediumseagreen": "3cb371", "mediumslateblue": "7b68ee",
    "mediumspringgreen": "00fa9a", "mediumturquoise": "48d1cc",
    "mediumvioletred": "c71585", "midnightblue": "191970", "mintcream": "f5fffa",
    "mistyrose": "ffe4e1", "moccasin": "ffe4b5", "navajowhite": "ffdead", "navy": "000080",
    "oldlace": "fdf5e6", "olive": "808000", "olivedrab": "6b8e23", "orange": "ffa500",
    "orangered": "ff4500", "orchid": "da70d6", "palegoldenrod": "eee8aa",
    "palegreen": "98fb98", "paleturquoise": "afeeee", "palevioletred": "db7093",
    "papayawhip": "ffefd5", "peachpuff": "ffdab9", "peru": "cd853f", "pink": "ffc0cb",
    "plum": "dda0dd", "powderblue": "b0e0e6", "purple": "800080",
    "rebeccapurple": "663399", "red": "ff0000", "rosybrown": "bc8f8f",
    "royalblue": "4169e1", "saddlebrown": "8b4513", "salmon": "fa8072",
    "sandybrown": "f4a460", "seagreen": "2e8b57", "seashell": "fff5ee", "sienna": "a0522d",
    "silver": "c0c0c0", "skyblue": "87ceeb", "slateblue": "6a5acd", "slategray": "708090",
    "slategrey": "708090", "snow": "fffafa", "springgreen": "00ff7f",
    "steelblue": "4682b4", "tan": "d2b48c", "teal": "008080", "thistle": "d8bfd8",
    "tomato": "ff6347", "turquoise": "40e0d0", "violet": "ee82ee", "wheat": "f5deb3",
    "white": "ffffff", "whitesmoke": "f5f5f5", "yellow": "ffff00",
    "yellowgreen": "9acd32",
}  # fmt: skip

#: Upper hue bound (degrees, exclusive) -> Notion colour, in order.
HUES: Final[tuple[tuple[float, str], ...]] = (
    (15.0, "red"),
    (40.0, "orange"),
    (70.0, "yellow"),
    (165.0, "green"),
    (250.0, "blue"),
    (305.0, "purple"),
    (345.0, "pink"),
    (360.1, "red"),
)
#: below this saturation a colour is a grey.
GREY_SATURATION: Final = 0.2
#: text this dark (lightness) is plain text; backgrounds this light are no highlight.
NEAR_BLACK: Final = 0.25
NEAR_WHITE: Final = 0.92

_HEX = re.compile(r"#([0-9a-f]{3,8})")
_FUNCTION = re.compile(r"(rgba?|hsla?)\(([^)]*)\)")
_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?%?|none")


def parse_color(value: str) -> RGB | None:
    """A CSS colour -> (r, g, b) in 0..1, blended over white if translucent; None if not one."""
    text = value.strip().lower()
    if text.endswith("!important"):
        text = text[: -len("!important")].strip()
    named = NAMED_COLORS.get(text)
    if named is not None:
        return _hex(named)
    match = _HEX.fullmatch(text)
    if match:
        return _hex(match.group(1))
    match = _FUNCTION.fullmatch(text)
    if match:
        return _function(match.group(1), match.group(2))
    return None


def _hex(digits: str) -> RGB | None:
    if len(digits) in (3, 4):
        digits = "".join(d * 2 for d in digits)
    if len(digits) not in (6, 8):
        return None
    channels = [int(digits[i : i + 2], 16) / 255 for i in range(0, len(digits), 2)]
    alpha = channels[3] if len(channels) == 4 else 1.0
    return _over_white(channels[0], channels[1], channels[2], alpha)


def _function(name: str, args: str) -> RGB | None:
    numbers = _NUMBER.findall(args.replace("deg", ""))
    if len(numbers) < 3:
        return None
    try:
        alpha = _fraction(numbers[3], 1.0) if len(numbers) > 3 else 1.0
        if name.startswith("rgb"):
            r, g, b = (_fraction(n, 255.0) for n in numbers[:3])
        else:
            hue = (_float(numbers[0]) % 360) / 360
            saturation = _fraction(numbers[1], 100.0)
            lightness = _fraction(numbers[2], 100.0)
            r, g, b = colorsys.hls_to_rgb(hue, lightness, saturation)
    except ValueError:
        return None
    return _over_white(r, g, b, alpha)


def _float(token: str) -> float:
    return 0.0 if token == "none" else float(token.rstrip("%"))


def _fraction(token: str, scale: float) -> float:
    """A channel: ``50%`` is 0.5; a bare number is divided by ``scale``; clamped to 0..1."""
    number = _float(token)
    value = number / 100 if token.endswith("%") else number / scale
    return min(1.0, max(0.0, value))


def _over_white(r: float, g: float, b: float, alpha: float) -> RGB:
    alpha = min(1.0, max(0.0, alpha))
    return (r * alpha + 1 - alpha, g * alpha + 1 - alpha, b * alpha + 1 - alpha)


@lru_cache(maxsize=4096)
def notion_color(value: str, *, background: bool = False) -> str | None:
    """The nearest Notion colour for a CSS colour, ``*_background`` for backgrounds.

    ``"default"`` means plain (near-black text, near-white background); None means the value
    is not a colour at all and should be ignored.
    """
    rgb = parse_color(value)
    if rgb is None:
        return None
    name = nearest(rgb, background=background)
    if name == "default" or not background:
        return name
    return f"{name}_background"


def nearest(rgb: RGB, *, background: bool = False) -> str:
    """Notion's colour name (without ``_background``) for an RGB colour, or ``"default"``."""
    hue, lightness, saturation = colorsys.rgb_to_hls(*rgb)
    if lightness > 0.97 or (lightness >= NEAR_WHITE and saturation < 0.5):
        return "default"  # white, or a tint too faint to read as a colour
    if not background and lightness <= NEAR_BLACK and saturation < 0.5:
        return "default"
    if saturation < GREY_SATURATION or lightness <= 0.08:
        return "gray"
    degrees = hue * 360
    warm = degrees < 50 or degrees >= 345
    if warm and 8 <= degrees < 50 and lightness < 0.48 and saturation < 0.8:
        return "brown"  # dark orange: saddlebrown, sienna, chocolate
    if warm and lightness < 0.45 and saturation < 0.65:
        return "brown"  # dull dark red: brown, rosy browns
    if warm and saturation < 0.45 and lightness < 0.6:
        return "brown"  # greyish warm: tan-greys, khaki-browns
    for bound, name in HUES:
        if degrees < bound:
            return name
    return "red"
