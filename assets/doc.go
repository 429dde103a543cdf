// Package assets embeds the files the kiosk ships with: fonts (Noto Sans,
// SIL OFL 1.1, covering every Vietnamese letter), printer profiles,
// translations, voice clips and icons. Everything is read through FS so
// that a kiosk needs no files beside its binary.
package assets
