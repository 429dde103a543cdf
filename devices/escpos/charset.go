package escpos

import (
	"fmt"
	"sort"
	"strings"

	"golang.org/x/text/encoding/charmap"
)

// Charset is a single-byte character table such as TCVN-3 or VISCII.
//
// Only the upper half (0x80..0xFF) differs between tables on an ESC/POS
// printer: ESC t switches that half, bytes 0x20..0x7E are always ASCII,
// and bytes below 0x20 are commands, so no table may place a letter
// there (VISCII does, see "viscii").
type Charset interface {
	Name() string
	// Decode gives the rune a byte prints as (0xFFFD for none).
	Decode(b byte) rune
	// Encode gives the byte for an NFC rune, false when the table lacks it.
	Encode(r rune) (byte, bool)
}

// table is a Charset built from the runes of the upper half; the lower
// half is printable ASCII.
type table struct {
	name string
	dec  [256]rune
	enc  map[rune]byte
}

func (t *table) Name() string       { return t.name }
func (t *table) Decode(b byte) rune { return t.dec[b] }
func (t *table) Encode(r rune) (byte, bool) {
	if r >= 0x20 && r < 0x7F {
		return byte(r), true
	}
	b, ok := t.enc[r]
	return b, ok
}

// newTable builds a table from "XX:rune" pairs for the upper half.
func newTable(name string, upper map[byte]rune) *table {
	t := &table{name: name, enc: make(map[rune]byte, len(upper))}
	for i := range t.dec {
		t.dec[i] = 0xFFFD
	}
	for b := 0x20; b < 0x7F; b++ {
		t.dec[b] = rune(b)
	}
	for b, r := range upper {
		if b < 0x80 {
			panic(fmt.Sprintf("escpos: charset %s puts %q below 0x80", name, r))
		}
		t.dec[b] = r
		if old, dup := t.enc[r]; dup {
			panic(fmt.Sprintf("escpos: charset %s maps %q twice (%#x, %#x)", name, r, old, b))
		}
		t.enc[r] = b
	}
	return t
}

// pairs turns a compact "byte rune" listing into a map: the string holds
// runs that start with a two-digit hex byte, a colon and then the runes
// for that byte and the ones after it; '_' marks a hole.
func pairs(spec string) map[byte]rune {
	m := make(map[byte]rune)
	for _, run := range strings.Fields(spec) {
		var start int
		if _, err := fmt.Sscanf(run[:2], "%02X", &start); err != nil || run[2] != ':' {
			panic("escpos: bad charset spec " + run)
		}
		b := start
		for _, r := range run[3:] {
			if r != '_' {
				m[byte(b)] = r
			}
			b++
		}
	}
	return m
}

// TCVN 5712:1993 VN3 ("TCVN-3", the ABC fonts' table), as Epson, Citizen
// and Bixolon printers hold it on their "TCVN-3 (1)" page: lowercase
// letters with every tone, and only the seven capitals without a tone
// (Ă Â Ê Ô Ơ Ư Đ at 0xA1..0xA7). Đ is U+0110 LATIN CAPITAL LETTER D WITH
// STROKE: some published tables put U+00D0 (Icelandic Eth) there, which
// looks alike on screen but is another letter; we never accept it.
//
// The byte positions agree with the lowercase and A1..AE positions of
// TCVN 5712:1993 VN1 as glibc iconv ("TCVN5712-1") decodes them; VN3 has
// no toned capitals, so the holes VN1 fills with capitals stay empty.
const tcvn3Lower = `A1:ĂÂÊÔƠƯĐăâêôơưđ
B5:àảãáạ_ằẳẵắ
C6:ặầẩẫấậè_ẻẽéẹềểễếệìỉ
DC:ĩíịò_ỏõóọồổỗốộờởỡớợù_ủũúụừửữứựỳỷỹýỵ`

// The "TCVN-3 (2)" page (Epson 31, Citizen 31, Bixolon 50) is the ABC
// capitals font: each toned capital sits where its lowercase letter sits
// on page 1. Ă Â Ê Ô Ơ Ư Đ are left out on purpose: published dumps of
// this page disagree on where they are, and page 1 has them for certain,
// so the encoder switches back to page 1 for them.
const tcvn3Upper = `B5:ÀẢÃÁẠ_ẰẲẴẮ
C6:ẶẦẨẪẤẬÈ_ẺẼÉẸỀỂỄẾỆÌỈ
DC:ĨÍỊÒ_ỎÕÓỌỒỔỖỐỘỜỞỠỚỢÙ_ỦŨÚỤỪỬỮỨỰỲỶỸÝỴ`

// VISCII (RFC 1456) upper half. VISCII also puts six capitals (Ẳ Ẵ Ẫ Ỷ Ỹ
// Ỵ) at 0x02, 0x05, 0x06, 0x14, 0x19 and 0x1E; on a printer those bytes
// are commands, so this table lacks those six and the encoder must fall
// back for them (raster or an error), never print them wrong.
const viscii = `80:ẠẮẰẶẤẦẨẬẼẸẾỀỂỄỆỐỒỔỖỘỢỚỜỞỊỎỌỈỦŨỤỲ
A0:ÕắằặấầẩậẽẹếềểễệốồổỗỠƠộờởịỰỨỪỬơớƯ
C0:ÀÁÂÃẢĂẳẵÈÉÊẺÌÍĨỳĐứÒÓÔạỷừửÙÚỹỵÝỡư
E0:àáâãảăữẫèéêẻìíĩỉđựòóôõỏọụùúũủýợỮ`

// charmapTable adapts an x/text charmap (CP437 and friends) to Charset.
type charmapTable struct {
	name string
	cm   *charmap.Charmap
}

func (c charmapTable) Name() string { return c.name }
func (c charmapTable) Decode(b byte) rune {
	if b < 0x20 || b == 0x7F {
		return 0xFFFD
	}
	return c.cm.DecodeByte(b)
}
func (c charmapTable) Encode(r rune) (byte, bool) {
	if r < 0x20 || r == 0x7F {
		return 0, false
	}
	b, ok := c.cm.EncodeRune(r)
	return b, ok && b >= 0x20 && b != 0x7F
}

var charsets = map[string]Charset{
	"ascii":       newTable("ascii", nil),
	"tcvn3":       newTable("tcvn3", pairs(tcvn3Lower)),
	"tcvn3-upper": newTable("tcvn3-upper", pairs(tcvn3Upper)),
	"viscii":      newTable("viscii", pairs(viscii)),
	"cp437":       charmapTable{"cp437", charmap.CodePage437},
	"cp850":       charmapTable{"cp850", charmap.CodePage850},
	"cp1252":      charmapTable{"cp1252", charmap.Windows1252},
}

// charsetAliases lets profiles and settings use the names printer
// manuals and other tools use.
var charsetAliases = map[string]string{
	"tcvn-3": "tcvn3", "tcvn-3-1": "tcvn3", "tcvn3-1": "tcvn3", "tcvn-3(1)": "tcvn3",
	"tcvn-3-2": "tcvn3-upper", "tcvn3-2": "tcvn3-upper", "tcvn-3(2)": "tcvn3-upper",
	"pc437": "cp437", "ibm437": "cp437", "us-ascii": "ascii", "windows-1252": "cp1252",
}

// LookupCharset returns a charset by name: "tcvn3" (TCVN-3 page 1:
// lowercase and Ă Â Ê Ô Ơ Ư Đ), "tcvn3-upper" (TCVN-3 page 2: the toned
// capitals), "viscii", "cp437", "cp850", "cp1252" or "ascii". Names are
// case-insensitive and common aliases ("TCVN-3-1", "PC437") are accepted.
func LookupCharset(name string) (Charset, error) {
	n := strings.ToLower(strings.TrimSpace(name))
	if a, ok := charsetAliases[n]; ok {
		n = a
	}
	if cs, ok := charsets[n]; ok {
		return cs, nil
	}
	return nil, fmt.Errorf("lookup charset %q: %w", name, ErrUnknownCharset)
}

// CharsetNames lists the charsets LookupCharset knows, sorted.
func CharsetNames() []string {
	names := make([]string, 0, len(charsets))
	for n := range charsets {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}
