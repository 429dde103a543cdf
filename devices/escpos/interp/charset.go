package interp

import (
	"strings"

	"golang.org/x/text/encoding/charmap"

	"github.com/motcua-kiosk/motcua/devices/escpos"
)

// decoder maps a byte the printer received to the rune it prints.
type decoder interface {
	Decode(b byte) rune
}

type charmapDecoder struct{ cm *charmap.Charmap }

func (d charmapDecoder) Decode(b byte) rune { return d.cm.DecodeByte(b) }

// builtin holds the Western code pages a printer ROM carries, from
// golang.org/x/text, for profiles that name one the escpos package does not
// know; page 0 of every ESC/POS printer is PC437.
var builtin = map[string]*charmap.Charmap{
	"cp437": charmap.CodePage437, "pc437": charmap.CodePage437,
	"cp850": charmap.CodePage850, "pc850": charmap.CodePage850,
	"cp852": charmap.CodePage852, "pc852": charmap.CodePage852,
	"cp858": charmap.CodePage858, "pc858": charmap.CodePage858,
	"cp860": charmap.CodePage860, "pc860": charmap.CodePage860,
	"cp863": charmap.CodePage863, "pc863": charmap.CodePage863,
	"cp865": charmap.CodePage865, "pc865": charmap.CodePage865,
	"cp866": charmap.CodePage866, "pc866": charmap.CodePage866,
	"cp1252": charmap.Windows1252, "wpc1252": charmap.Windows1252, "windows-1252": charmap.Windows1252,
	"cp1258": charmap.Windows1258, "wpc1258": charmap.Windows1258, "windows-1258": charmap.Windows1258,
	"iso8859-1": charmap.ISO8859_1, "latin1": charmap.ISO8859_1,
}

var cp437 decoder = charmapDecoder{charmap.CodePage437}

// lookupPage finds the table for ESC t n in the profile: the escpos package's
// charsets first, then the built-in Western pages. It returns the charset's
// name and a problem to report when it has to fall back to PC437.
func lookupPage(p escpos.Profile, n byte) (decoder, string, string) {
	name, ok := p.CodePages[int(n)]
	if !ok {
		if n == 0 {
			return cp437, "cp437", ""
		}
		return cp437, "cp437", "code page not in the profile; printing PC437"
	}
	if cs, err := escpos.LookupCharset(name); err == nil && cs != nil {
		return cs, name, ""
	}
	if cm, ok := builtin[strings.ToLower(name)]; ok {
		return charmapDecoder{cm}, name, ""
	}
	return cp437, "cp437", "charset " + name + " unknown; printing PC437"
}
