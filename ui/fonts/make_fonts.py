#!/usr/bin/python3
"""Makes the window's text font, "Tafel Sans", from the Lato the PDFs are set in (assets/fonts).

Why a font of its own: WebKitGTK draws a system font (DejaVu Sans on Debian) by asking
fontconfig for every size and weight of text and running the font's TrueType hinting program
for each; a copy of Lato of the characters the window shows, without hinting, is drawn from
its own data. Vandaag was painted 38 ms sooner after the page's start (142 → 104 ms, release,
Xvfb; README, Performance), and the window looks the same on Linux, macOS and Windows and like
its PDFs.

What it keeps: Latin (Basic, Latin-1, Extended-A and -B), the punctuation, arrows and signs
Lato has that the texts use; kerning, tabular and lining figures, case forms and the marks
for accents. Not Lato's ligatures (its "ti" and "fi" read oddly in Dutch text on screen) nor
its hinting. Anything else (✓, ⚠, ▾, other scripts) is drawn by the next font in app.css's
list, as before.

Lato's licence (SIL Open Font License 1.1) reserves the name "Lato" for the unmodified font:
the subset is renamed, keeps Lato's copyright and licence in its name table, and ships with
the licence (public/fonts/LICENSE-Lato.txt).

Run with Debian's python3-fonttools, from the repository's root:
    /usr/bin/python3 ui/fonts/make_fonts.py
It writes ui/public/fonts/TafelSans-*.ttf, which are committed (the build needs no fontTools).
"""

import pathlib
import shutil

from fontTools import subset
from fontTools.ttLib import TTFont

ROOT = pathlib.Path(__file__).resolve().parents[2]
SOURCE = ROOT / "assets" / "fonts"
TARGET = ROOT / "ui" / "public" / "fonts"
FAMILY = "Tafel Sans"

STYLES = {"Regular": "Regular", "Bold": "Bold", "Italic": "Italic", "BoldItalic": "Bold Italic"}

UNICODES = [
    (0x0020, 0x007E),  # Basic Latin
    (0x00A0, 0x024F),  # Latin-1 Supplement, Latin Extended-A and -B
    (0x02C6, 0x02DD),  # spacing accents
    (0x0300, 0x036F),  # combining accents (decomposed input)
    (0x2010, 0x2027),  # dashes, quotation marks, bullet, ellipsis
    (0x2030, 0x203A),  # per mille, primes, angle quotation marks
    (0x20AC, 0x20AC),  # euro
    (0x2190, 0x2195),  # arrows
    (0x2212, 0x2212),  # minus
    (0x25CB, 0x25CF),  # circles
]

FEATURES = ["kern", "tnum", "lnum", "pnum", "case", "ccmp", "locl", "mark", "mkmk"]


def make(style_file: str, style_name: str) -> pathlib.Path:
    font = TTFont(SOURCE / f"Lato-{style_file}.ttf")
    options = subset.Options()
    options.layout_features = FEATURES
    options.hinting = False
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.recalc_timestamp = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[cp for first, last in UNICODES for cp in range(first, last + 1)])
    subsetter.subset(font)
    rename(font, style_file, style_name)
    out = TARGET / f"TafelSans-{style_file}.ttf"
    font.save(out)
    return out


def rename(font: TTFont, style_file: str, style_name: str) -> None:
    """The OFL's Reserved Font Name: a modified Lato is not called Lato."""
    names = font["name"]
    postscript = f"TafelSans-{style_file}"
    full = f"{FAMILY} {style_name}" if style_name != "Regular" else FAMILY
    for record in list(names.names):
        if record.nameID in (1, 3, 4, 6, 16, 17, 21, 22):
            names.removeNames(nameID=record.nameID)
    # Regular, Italic, Bold and Bold Italic: one family of four styles.
    names.setName(FAMILY, 1, 3, 1, 0x409)
    names.setName(style_name, 2, 3, 1, 0x409)
    names.setName(f"{postscript};derived from Lato 2.007", 3, 3, 1, 0x409)
    names.setName(full, 4, 3, 1, 0x409)
    names.setName(postscript, 6, 3, 1, 0x409)
    description = (
        "Tafel Sans: a subset of Lato 2.007 by Łukasz Dziedzic (tyPoland), without hinting, "
        "made for Tafel's window by ui/fonts/make_fonts.py. Licensed under the SIL Open Font License 1.1."
    )
    names.setName(description, 10, 3, 1, 0x409)


def main() -> None:
    TARGET.mkdir(parents=True, exist_ok=True)
    for style_file, style_name in STYLES.items():
        out = make(style_file, style_name)
        print(f"{out.relative_to(ROOT)}: {out.stat().st_size // 1024} kB")
    shutil.copy(SOURCE / "LICENSE-Lato.txt", TARGET / "LICENSE-Lato.txt")


if __name__ == "__main__":
    main()
