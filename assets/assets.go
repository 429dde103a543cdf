package assets

import (
	"embed"
	"io/fs"
)

//go:embed fonts printers voice i18n icons procedures
var files embed.FS

// FS is the read-only tree of shipped files: fonts/, printers/, voice/,
// i18n/, icons/ and procedures/ (the shipped procedure catalogue).
var FS fs.FS = files

// ReadFile returns a copy of one shipped file, e.g. "i18n/vi.json".
func ReadFile(name string) ([]byte, error) { return files.ReadFile(name) }

// The kiosk's fonts (Noto Sans, full Vietnamese coverage), shared by
// everything that draws text: the screens, the ticket's raster lines and
// the virtual printer. They are the binary's own read-only pages, not
// copies on the heap, so they must never be modified.
var (
	//go:embed fonts/NotoSans-Regular.ttf
	NotoSansRegular []byte
	//go:embed fonts/NotoSans-Bold.ttf
	NotoSansBold []byte
	// NotoSansSymbols2Kiosk is the dozen symbols Noto Sans lacks (⇧ ⌫ ▶ ◀
	// ● ★ ✓ …), cut from Noto Sans Symbols 2 by scripts/fonts/make-symbols.sh.
	//go:embed fonts/NotoSansSymbols2-Kiosk.ttf
	NotoSansSymbols2Kiosk []byte
)
