package escpos

import (
	"fmt"
	"sort"
	"strings"
)

// TestPage is what the admin's test print ("In thử") shows besides the
// facts it reads from the profile.
type TestPage struct {
	Office string // printed at the top; may be empty
	Time   string // printed as given, e.g. "08:15 12/05/2025"; may be empty
	QR     string // content of the test QR code; empty: ReferenceURL
}

// VietnameseSample is the test page's line of Vietnamese: the seven
// letters with a shape of their own and the five tones on them, lowercase.
// A printer that gets every mark of it right prints any ticket right.
// The dash is ASCII: an em dash is in no Vietnamese code page and would
// send the whole line as an image on a printer that has one.
const VietnameseSample = "Tiếng Việt: ă â đ ê ô ơ ư - ả ã ạ ẩ ẫ ậ ể ễ ệ ỏ õ ọ ủ ũ ụ ỷ ỹ ỵ"

// vietnameseCapitals is the same test in capitals: the letters TCVN-3
// keeps on its second page and VISCII lacks some of.
const vietnameseCapitals = "ĂÂĐÊÔƠƯ ẢÃẠẨẪẬỂỄỆỎÕỌỦŨỤỶỸỴ"

// strategyText says in Vietnamese how each strategy puts text on paper.
var strategyText = map[Strategy]string{
	StrategyCodePage:  "bảng mã tiếng Việt của máy in",
	StrategyHybrid:    "số thứ tự: chữ máy in; các dòng khác: ảnh",
	StrategyUserChars: "ký tự tự định nghĩa (ESC &)",
	StrategyRaster:    "mọi dòng in thành ảnh",
}

// EncodeTestPage lays out the test page for the profile with the given
// strategy (empty: the profile's default) and returns the ESC/POS job.
// Everything on it is printed the way a ticket would be on this printer:
// the same strategy, code pages, QR (native or raster) and cut, so what
// staff see is what citizens will get. It shows the profile and
// strategy, the code pages, the Vietnamese sample in lowercase and
// capitals, the QR, a ruler the width of the printable line, and whether
// the paper is cut. A strategy the printer cannot run is refused with an
// *UnsupportedError, as in EncodeTicket.
func EncodeTestPage(tp TestPage, p Profile, s Strategy) ([]byte, error) {
	w, err := newTicketWriter(p, s)
	if err != nil {
		return nil, fmt.Errorf("test page: %w", err)
	}
	top, paper, bottom := testPageLines(tp, p, w.s)
	w.e.Init()
	w.e.Align(AlignCenter)
	if w.s == StrategyUserChars {
		all := append(append(append([]line{}, top...), paper...), bottom...)
		if err := w.defineUserChars(all); err != nil {
			return nil, fmt.Errorf("test page: %w", err)
		}
	}
	qr := normalize(tp.QR)
	if qr == "" {
		qr = ReferenceURL
	}
	steps := []func() error{
		func() error { return w.lines(top) },
		func() error { return w.qr(qr) },
		func() error { return w.lines(paper) },
		func() error { w.e.Raster(ruler(p.DotsPerLine)).FeedDots(rasterGap); return nil },
		func() error { return w.lines(bottom) },
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return nil, fmt.Errorf("test page: %w", err)
		}
	}
	w.end()
	return w.e.Result()
}

// lines writes ls one after the other.
func (w *ticketWriter) lines(ls []line) error {
	for _, l := range ls {
		if err := w.line(l); err != nil {
			return err
		}
	}
	return nil
}

// testPageLines are the test page's lines: above its QR code, above the
// ruler, and below the ruler.
func testPageLines(tp TestPage, p Profile, s Strategy) (top, paper, bottom []line) {
	add := func(dst *[]line, text string, bold bool) {
		if text = normalize(text); text != "" {
			*dst = append(*dst, line{text: text, bold: bold})
		}
	}
	add(&top, tp.Office, true)
	add(&top, "IN THỬ - TEST PRINT", true)
	add(&top, tp.Time, false)
	add(&top, "Hồ sơ máy in: "+p.Name, true)
	add(&top, p.Model, false)
	add(&top, "Cách in chữ: "+string(s), true)
	add(&top, strategyText[s], false)
	add(&top, "Bảng mã: "+codePagesText(p), false)
	add(&top, VietnameseSample, false)
	add(&top, vietnameseCapitals, false)
	if p.NativeQR {
		add(&top, "Mã QR: lệnh máy in GS ( k", false)
	} else {
		add(&top, "Mã QR: in dạng ảnh", false)
	}
	add(&paper, fmt.Sprintf("Khổ giấy %d mm: %d điểm mỗi dòng", p.PaperMM, p.DotsPerLine), false)
	add(&paper, "Vạch dài: 10 mm; hai đầu: mép in", false)
	if p.Cutter {
		add(&bottom, "Dao cắt: có, cắt dưới dòng này", false)
	} else {
		add(&bottom, "Không có dao cắt: xé giấy tại đây", false)
	}
	return top, paper, bottom
}

// codePagesText lists the profile's ESC t pages: "0 cp437, 30 tcvn3, ...".
func codePagesText(p Profile) string {
	nums := make([]int, 0, len(p.CodePages))
	for n := range p.CodePages {
		nums = append(nums, n)
	}
	sort.Ints(nums)
	parts := make([]string, 0, len(nums))
	for _, n := range nums {
		parts = append(parts, fmt.Sprintf("%d %s", n, p.CodePages[n]))
	}
	if len(parts) == 0 {
		return "không có"
	}
	return strings.Join(parts, ", ")
}

// ruler draws the printable width at 8 dots per mm: a base line, a tick
// every millimetre, a longer one every 5 mm, a long one every 10 mm, and
// both ends full height, so a cut-off edge or a wrong dots_per_line shows.
func ruler(width int) *Bitmap {
	const h = 24
	b := NewBitmap(width, h)
	for x := range width {
		b.Set(x, h-1, true)
		b.Set(x, h-2, true)
		tick := 0
		switch {
		case x%80 == 0:
			tick = 18
		case x%40 == 0:
			tick = 12
		case x%8 == 0:
			tick = 6
		}
		if x == width-1 || x == 0 {
			tick = h
		}
		for y := h - 2 - tick; y < h-2; y++ {
			b.Set(x, y, true)
		}
	}
	return b
}
