package assets

import (
	"embed"
	"io/fs"
)

//go:embed fonts printers voice i18n icons
var files embed.FS

// FS is the read-only tree of shipped files: fonts/, printers/, voice/,
// i18n/ and icons/.
var FS fs.FS = files

// ReadFile returns the bytes of one shipped file, e.g. "fonts/NotoSans-Regular.ttf".
func ReadFile(name string) ([]byte, error) { return files.ReadFile(name) }
