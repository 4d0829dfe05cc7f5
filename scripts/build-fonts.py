#!/usr/bin/python3
"""Build the bundled fonts in fonts/ from Debian's font packages (run by a developer, not at install time).

Needs Debian's python3-fonttools, fonts-noto-cjk, fonts-hanazono and the Fandol OTFs from texlive-lang-chinese
(`apt-get download texlive-lang-chinese`, then extract its fonts/opentype/public/fandol/). Each role face is cut to the characters a report can use:
GBK's repertoire (all of GB2312 and the GBK hanzi), ASCII, Latin-1 and the punctuation and symbol blocks
Chinese documents use. The fallback face keeps every Han character the font has, for rare name characters; the rare face (Hanazono
Mincho B) holds the characters of CJK Extension B that the fallback face lacks (Noto has about 2,000 of its 42,720).
Cutting ahead of time makes the files small enough to keep in git and faster to subset per report. The cut faces
are then converted from CFF to TrueType outlines (cu2qu): fontkit subsets TrueType by copying glyph data, while CFF
subsetting parses every charstring and subroutine (measured: first report −200 ms, warm −15 %, −50 MB a process).
"""
import sys
from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont, newTable

SRC_NOTO = "/usr/share/fonts/opentype/noto"
SRC_HANAZONO = "/usr/share/fonts/truetype/hanazono"
SRC_FANDOL = sys.argv[1] if len(sys.argv) > 1 else "/tmp/fandol/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol"
OUT = sys.argv[2] if len(sys.argv) > 2 else "fonts"


def gbk_repertoire():
    chars = set()
    for lead in range(0x81, 0xFF):
        for trail in range(0x40, 0xFF):
            try:
                chars.update(bytes([lead, trail]).decode("gbk"))
            except UnicodeDecodeError:
                pass
    return {ord(c) for c in chars}


SYMBOLS = [(0x20, 0x7E), (0xA0, 0xFF), (0x2010, 0x205E), (0x2100, 0x218F), (0x2190, 0x21FF), (0x2460, 0x24FF),
           (0x2500, 0x257F), (0x25A0, 0x26FF), (0x3000, 0x303F), (0x3200, 0x33FF), (0xFE30, 0xFE4F), (0xFF00, 0xFFEF)]
BASE = {cp for lo, hi in SYMBOLS for cp in range(lo, hi + 1)}
HAN = [(0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x3134F)]


def to_truetype(font):
    """CFF outlines → quadratic TrueType outlines (max error 1 unit), in place."""
    order = font.getGlyphOrder()
    glyphs = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyphs)
        glyphs[name].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
        glyf[name] = pen.glyph()
    font["loca"] = newTable("loca")
    font["glyf"] = glyf
    font["head"].glyphDataFormat = 0
    maxp = font["maxp"] = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for attr in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                 "maxStackElements", "maxSizeOfInstructions", "maxComponentElements", "maxComponentDepth"):
        setattr(maxp, attr, 0)
    maxp.maxZones = 1
    post = font["post"]
    post.formatType = 2.0
    post.extraNames = []
    post.mapping = {}
    post.glyphOrder = order
    for tag in ("CFF ", "VORG"):
        if tag in font:
            del font[tag]
    font.sfntVersion = "\000\001\000\000"


def cut(src, out, unicodes, font_number=0):
    options = subset.Options()
    options.font_number = font_number
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.hinting = False
    options.desubroutinize = False
    font = TTFont(src, fontNumber=font_number, lazy=False)
    wanted = set(unicodes) & set(font.getBestCmap().keys())
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(wanted))
    subsetter.subset(font)
    if "CFF " in font:
        to_truetype(font)
    font.save(out)
    print(f"{out}: {len(wanted)} characters")


def main():
    role = BASE | gbk_repertoire()
    fallback = BASE | {cp for lo, hi in HAN for cp in range(lo, hi + 1)}
    cut(f"{SRC_FANDOL}/FandolFang-Regular.otf", f"{OUT}/FandolFang-Regular.ttf", role)
    cut(f"{SRC_FANDOL}/FandolKai-Regular.otf", f"{OUT}/FandolKai-Regular.ttf", role)
    cut(f"{SRC_NOTO}/NotoSerifCJK-Bold.ttc", f"{OUT}/NotoSerifCJKsc-Bold.ttf", role, font_number=2)
    cut(f"{SRC_NOTO}/NotoSansCJK-Regular.ttc", f"{OUT}/NotoSansCJKsc-Regular.ttf", role, font_number=2)
    cut(f"{SRC_NOTO}/NotoSerifCJK-Regular.ttc", f"{OUT}/NotoSerifCJKsc-Regular.ttf", fallback, font_number=2)
    cut_rare(OUT)
    # page numbers "— 12 —" only: a few glyphs, so no report has to load the 24 MB fallback face for them
    cut(f"{SRC_NOTO}/NotoSerifCJK-Regular.ttc", f"{OUT}/NotoSerifCJKsc-Numbers.ttf", NUMBERS, font_number=2)


EXT_B = range(0x20000, 0x2A6E0)


def cut_rare(out):
    """Extension B characters the fallback face lacks, from Hanazono Mincho B (Hanazono Font License or OFL)."""
    fallback = set(TTFont(f"{out}/NotoSerifCJKsc-Regular.ttf").getBestCmap())
    cut(f"{SRC_HANAZONO}/HanaMinB.ttf", f"{out}/HanaMinB-ExtB.ttf", {cp for cp in EXT_B if cp not in fallback})


NUMBERS = {ord(c) for c in "0123456789 —-"}

if __name__ == "__main__":
    main()
