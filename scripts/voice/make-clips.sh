#!/bin/sh
# make-clips.sh: generate the voice clips for the queue call from
# scripts/voice/clips.tsv with espeak-ng (Debian package espeak-ng) and
# normalise them with sox (Debian package sox) into one format:
# 22050 Hz, mono, 16-bit signed little-endian WAV, leading and trailing
# silence trimmed, peak normalised to -1 dBFS.
#
# Usage (from the repository root): scripts/voice/make-clips.sh [outdir]
# outdir defaults to assets/voice. The output is byte-for-byte repeatable
# for a given espeak-ng and sox version (sox -R, no dither), so a re-run
# shows up in git only if the tools or the texts changed.
set -eu

here=$(dirname "$0")
out=${1:-assets/voice}
list=$here/clips.tsv
rate=22050
speed=${SPEED:-140}   # words per minute; espeak-ng's default 175 is hurried for a lobby

command -v espeak-ng >/dev/null || { echo "make-clips: espeak-ng not found (apt-get install espeak-ng)" >&2; exit 1; }
command -v sox >/dev/null || { echo "make-clips: sox not found (apt-get install sox)" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

voice_for() {
	case $1 in
	vi) echo vi ;;     # Vietnamese (Northern)
	en) echo en-us ;;
	*) echo "make-clips: no voice for language $1" >&2; exit 1 ;;
	esac
}

n=0
# Tab-separated: lang, clip name, text. Lines starting with # are comments.
grep -v '^#' "$list" | while IFS='	' read -r lang name text; do
	[ -n "$lang" ] || continue
	mkdir -p "$out/$lang"
	espeak-ng -v "$(voice_for "$lang")" -s "$speed" -w "$tmp/raw.wav" -- "$text"
	sox -R -D "$tmp/raw.wav" -r "$rate" -c 1 -b 16 -e signed-integer "$out/$lang/$name.wav" \
		silence 1 0.01 0.5% reverse silence 1 0.01 0.5% reverse norm -1
	n=$((n + 1))
done
cp "$list" "$out/clips.tsv"
echo "make-clips: wrote $(grep -vc '^#' "$list") clips to $out ($(du -sh "$out" | cut -f1))"
