#!/bin/sh
# make-symbols.sh: cut the few symbols the kiosk draws that Noto Sans
# lacks out of Noto Sans Symbols 2 (Debian package fonts-noto-core, SIL OFL
# 1.1 with no reserved font name, the same licence as assets/fonts/OFL.txt)
# with pyftsubset (Debian package fonttools), into
# assets/fonts/NotoSansSymbols2-Kiosk.ttf (~2 kB, a dozen glyphs).
#
# Parsing the whole 2,674-glyph font, or Fyne's DejaVu Sans Mono, would
# cost about 1 MB of heap per face for a handful of keys; the subset costs
# a few kB. Usage (from the repository root): scripts/fonts/make-symbols.sh
# The output is repeatable for a given fonts-noto-core and fonttools.
set -eu

src=${SRC:-/usr/share/fonts/truetype/noto/NotoSansSymbols2-Regular.ttf}
out=${1:-assets/fonts/NotoSansSymbols2-Kiosk.ttf}

# Space and no-break space (a run of symbols keeps its spaces), ⇧ shift, ⌫ delete, ▶ ◀ ▲ ▼ paging, ● ○ PIN dots, ★ ☆ stars, ✓ ✕ ✔ ✖ yes/no.
glyphs=U+0020,U+00A0,U+21E7,U+232B,U+25B6,U+25C0,U+25B2,U+25BC,U+25CF,U+25CB,U+2605,U+2606,U+2713,U+2715,U+2714,U+2716

command -v pyftsubset >/dev/null || { echo "make-symbols: pyftsubset not found (apt-get install fonttools)" >&2; exit 1; }
[ -f "$src" ] || { echo "make-symbols: $src not found (apt-get install fonts-noto-core)" >&2; exit 1; }

# --no-subset-tables+=DSIG: no signature to carry; names kept (copyright, licence).
pyftsubset "$src" --unicodes="$glyphs" --name-IDs='*' --name-languages='*' \
	--drop-tables+=DSIG --output-file="$out"
echo "make-symbols: wrote $out"
