"""Tests of lecture_tool.decks.images: Marp image keywords parsed from alt text."""

from __future__ import annotations

import pytest

from lecture_tool.decks.images import ImageSpec, parse_image_alt


@pytest.mark.parametrize(
    ("alt", "spec"),
    [
        ("A plot of the loss", ImageSpec(alt="A plot of the loss")),
        ("", ImageSpec(alt="")),
        (
            "bg left:40% contain",
            ImageSpec(alt="", background=True, split="left", split_size="40%", size="contain"),
        ),
        ("bg right", ImageSpec(alt="", background=True, split="right", size="cover")),
        ("bg", ImageSpec(alt="", background=True, size="cover")),
        ("bg 50%", ImageSpec(alt="", background=True, size="50%")),
        ("bg fit", ImageSpec(alt="", background=True, size="contain")),
        ("bg auto", ImageSpec(alt="", background=True, size="auto")),
        ("w:560", ImageSpec(alt="", width="560px")),
        ("width:200px", ImageSpec(alt="", width="200px")),
        ("w:50%", ImageSpec(alt="", width="50%")),
        ("h:30%", ImageSpec(alt="", height="30%")),
        ("height:12em w:auto", ImageSpec(alt="", width="auto", height="12em")),
        ("center", ImageSpec(alt="", center=True)),
        (
            "bg grayscale blur:5px",
            ImageSpec(alt="", background=True, size="cover", filters=("grayscale(1)", "blur(5px)")),
        ),
        (
            "bg vertical Training curves",
            ImageSpec(alt="Training curves", background=True, size="cover", direction="vertical"),
        ),
        ("w:300 The model", ImageSpec(alt="The model", width="300px")),
    ],
)
def test_keywords(alt, spec):
    assert parse_image_alt(alt) == spec


def test_background_words_are_plain_text_without_bg():
    assert parse_image_alt("fit left cover") == ImageSpec(alt="fit left cover")


@pytest.mark.parametrize(
    ("word", "css"),
    [
        ("blur", "blur(10px)"),
        ("brightness", "brightness(1.5)"),
        ("brightness:0.8", "brightness(0.8)"),
        ("contrast:150%", "contrast(150%)"),
        ("grayscale", "grayscale(1)"),
        ("hue-rotate", "hue-rotate(180deg)"),
        ("hue-rotate:90deg", "hue-rotate(90deg)"),
        ("invert", "invert(1)"),
        ("opacity:.3", "opacity(.3)"),
        ("saturate", "saturate(2)"),
        ("sepia:50%", "sepia(50%)"),
        ("drop-shadow", "drop-shadow(0 5px 10px rgba(0,0,0,.4))"),
        ("drop-shadow:0,5px,10px,rgba(0,0,0,.4)", "drop-shadow(0 5px 10px rgba(0,0,0,.4))"),
        ("drop-shadow:2px,2px", "drop-shadow(2px 2px)"),
    ],
)
def test_filter_keywords(word, css):
    assert parse_image_alt(word).filters == (css,)


@pytest.mark.parametrize("word", ["blur:1px);background:url(x)", "sepia:1;color:red"])
def test_filter_values_that_could_inject_css_stay_alt_text(word):
    assert parse_image_alt(word) == ImageSpec(alt=word)
