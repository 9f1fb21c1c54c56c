"""Marp's HTML allow-list: which tags and attributes raw HTML in a deck keeps.

marp-core (and so marp-cli and the VS Code extension, without `--html`) passes each raw
HTML token through an allow-list filter, tag by tag: an allowed tag keeps only its allowed
attributes, URL attributes keep only http(s) (and `data:image/` for image sources) or
relative values, any other tag is shown as text, and comments are dropped. This module does
the same to one token's HTML, so a deck shows here what it shows in Marp.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping
from types import MappingProxyType

Check = Callable[[str], str]
"""Cleans one attribute value; "" keeps the attribute without a value."""


def _lower_dir(value: str) -> str:
    return value.lower() if value.lower() in ("rtl", "ltr", "auto") else ""


def _schemes(*allowed: str) -> Check:
    """Values with a `scheme:` keep it only when allowed; relative ones always pass."""

    def check(value: str) -> str:
        if ":" not in value:
            return value
        lowered = value.strip().lower()
        scheme = lowered.split(":", 1)[0]
        if any(scheme == s or (":" in s and lowered.startswith(s)) for s in allowed):
            return value
        return ""

    return check


_URL = _schemes("http", "https")
_IMAGE_URL = _schemes("http", "https", "data:image/")


def _srcset(value: str) -> str:
    return value if all(_IMAGE_URL(part) for part in value.split(",")) else ""


_GLOBAL: Mapping[str, Check | bool] = {
    "class": True,
    "dir": _lower_dir,
    "lang": True,
    "title": True,
}
_ALIGN = {"align": True, "valign": True}


def _tag(**extra: Check | bool) -> Mapping[str, Check | bool]:
    return MappingProxyType({**_GLOBAL, **extra})


_PLAIN = _tag()
_MEDIA = {"autoplay": True, "controls": True, "loop": True, "muted": True, "preload": True}
_CELL = {"width": True, "rowspan": True, "colspan": True, **_ALIGN}

ALLOWED: Mapping[str, Mapping[str, Check | bool]] = MappingProxyType(
    {
        "a": _tag(href=_URL, name=True, rel=True, target=True),
        "audio": _tag(**_MEDIA, src=_URL),
        "blockquote": _tag(cite=_URL),
        "col": _tag(**_ALIGN, span=True, width=True),
        "colgroup": _tag(**_ALIGN, span=True, width=True),
        "del": _tag(cite=_URL, datetime=True),
        "details": _tag(open=True),
        "img": _tag(
            align=True,
            alt=True,
            decoding=True,
            height=True,
            loading=True,
            src=_IMAGE_URL,
            srcset=_srcset,
            title=True,
            width=True,
        ),
        "ins": _tag(cite=_URL, datetime=True),
        "li": _tag(type=True, value=True),
        "ol": _tag(reversed=True, start=True, type=True),
        "q": _tag(cite=_URL),
        "source": MappingProxyType(
            {
                "height": True,
                "media": True,
                "sizes": True,
                "src": _IMAGE_URL,
                "srcset": _srcset,
                "type": True,
                "width": True,
            }
        ),
        "table": _tag(width=True, border=True, **_ALIGN),
        "tbody": _tag(**_ALIGN),
        "td": _tag(**_CELL),
        "tfoot": _tag(**_ALIGN),
        "th": _tag(**_CELL),
        "thead": _tag(**_ALIGN),
        "time": _tag(datetime=True),
        "tr": _tag(rowspan=True, **_ALIGN),
        "video": _tag(
            **_MEDIA, playsinline=True, poster=_IMAGE_URL, src=_URL, height=True, width=True
        ),
        **dict.fromkeys(
            "abbr address article aside b bdi bdo big br caption center cite code dd div dl dt "
            "em figcaption figure h1 h2 h3 h4 h5 h6 hr i kbd mark nav p picture pre rp rt ruby "
            "s section small span sub summary sup strong strike u ul wbr".split(),
            _PLAIN,
        ),
    }
)
"""Tag → attribute → True (kept as written) or a check (marp-core's default `html` option)."""

_COMMENT = re.compile(r"<!--[\s\S]*?-->")
_TAG = re.compile(
    r"<(?P<close>/?)(?P<name>[A-Za-z][A-Za-z0-9-]*)(?P<attrs>(?:\s+[^\s\"'>/=]+"
    r"(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?)*)\s*(?P<self>/?)>"
)
_ATTR = re.compile(
    r"(?P<key>[^\s\"'>/=]+)(?:\s*=\s*(?:\"(?P<dq>[^\"]*)\"|'(?P<sq>[^']*)'|(?P<bare>[^\s\"'=<>`]+)))?"
)


def filter_html(markup: str, image_source: Check | None = None) -> str:
    """`markup` (one raw HTML token) as Marp shows it: allowed tags with allowed attributes,
    everything else escaped as text, comments removed. `image_source` gives what an `<img>`'s
    kept `src` becomes (a local file's data: URI)."""
    markup = _COMMENT.sub("", markup)
    out, position = [], 0
    for match in _TAG.finditer(markup):
        out.append(_text(markup[position : match.start()]))
        out.append(_filter_tag(match, image_source))
        position = match.end()
    out.append(_text(markup[position:]))
    return "".join(out)


def image_sources(markup: str) -> list[tuple[int, str]]:
    """(offset, src) of each `<img>` in `markup` whose `src` the filter keeps, unescaped."""
    found = []
    for match in _TAG.finditer(_blank_comments(markup)):
        if match.group("name").lower() != "img" or match.group("close"):
            continue
        for attr in _ATTR.finditer(match.group("attrs")):
            raw = _raw_value(attr)
            if attr.group("key").lower() == "src" and raw:
                if src := _IMAGE_URL(html.unescape(raw)):
                    found.append((match.start(), src))
    return found


def point_image_src(text: str, src: str, target: str) -> str:
    """`text` with each `<img src="src">` (either quote) pointing at `target` instead."""
    for quote in "\"'":
        text = text.replace(f"src={quote}{src}{quote}", f"src={quote}{target}{quote}")
    return text


def _blank_comments(markup: str) -> str:
    """Comments as spaces: what is in them is not markup, and offsets stay as they were."""
    return _COMMENT.sub(lambda comment: re.sub(r"[^\n]", " ", comment.group(0)), markup)


def _raw_value(attr: re.Match[str]) -> str | None:
    """An attribute's value as written (None when it has none)."""
    for group in ("dq", "sq", "bare"):
        if attr.group(group) is not None:
            return attr.group(group)
    return None


def _text(text: str) -> str:
    # As js-xss: only angle brackets are escaped in text (entities stay as written).
    return text.replace("<", "&lt;").replace(">", "&gt;")


def _filter_tag(match: re.Match[str], image_source: Check | None = None) -> str:
    name = match.group("name").lower()
    allowed = ALLOWED.get(name)
    if allowed is None:
        return _text(match.group(0))
    if match.group("close"):
        return f"</{name}>"
    kept = []
    for attr in _ATTR.finditer(match.group("attrs")):
        key = attr.group("key").lower()
        check = allowed.get(key)
        if check is None:
            continue
        raw = _raw_value(attr)
        if raw is None:
            kept.append(key)
            continue
        value = html.unescape(raw)
        if callable(check):
            value = check(value)
        if image_source and value and name == "img" and key == "src":
            value = image_source(value)
        kept.append(f'{key}="{html.escape(value)}"' if value else key)
    attrs = "".join(f" {attr}" for attr in kept)
    return f"<{name}{attrs}{' /' if match.group('self') else ''}>"
