package interp

import (
	"image"
	"strings"
	"testing"

	"github.com/motcua-kiosk/motcua/devices"
	"github.com/motcua-kiosk/motcua/devices/escpos"
)

// The reader the ticket is made for (issue 12): an elderly citizen without
// glasses. At 203 dpi a millimetre is 8 dots.
const (
	minMarginDots = 24 // 3 mm of blank paper left and right of every line
	minBodyDots   = 24 // 3 mm: the tallest letter body (no marks) of a body line
)

// band is a run of rows with ink, bounded by blank rows.
type band struct {
	y0, y1 int // rows [y0, y1)
	x0, x1 int // ink columns [x0, x1)
}

func (b band) h() int { return b.y1 - b.y0 }

// bands splits a rendered ticket into its printed lines.
func bands(img *image.Gray) []band {
	r := img.Bounds()
	var out []band
	in := false
	for y := r.Min.Y; y <= r.Max.Y; y++ {
		x0, x1 := r.Max.X, r.Min.X
		if y < r.Max.Y {
			for x := r.Min.X; x < r.Max.X; x++ {
				if img.GrayAt(x, y).Y < 128 {
					x0, x1 = min(x0, x), max(x1, x+1)
				}
			}
		}
		switch {
		case x1 > x0 && !in:
			out = append(out, band{y0: y, y1: y + 1, x0: x0, x1: x1})
			in = true
		case x1 > x0:
			b := &out[len(out)-1]
			b.y1, b.x0, b.x1 = y+1, min(b.x0, x0), max(b.x1, x1)
		default:
			in = false
		}
	}
	// A row of marks alone (the circumflex over "tật", whose t is lower
	// than the mark) belongs to the line under it.
	var merged []band
	for i := 0; i < len(out); i++ {
		b := out[i]
		if b.h() < 12 && i+1 < len(out) && out[i+1].y0-b.y1 <= 12 {
			n := out[i+1]
			out[i+1] = band{y0: b.y0, y1: n.y1, x0: min(b.x0, n.x0), x1: max(b.x1, n.x1)}
			continue
		}
		merged = append(merged, b)
	}
	return merged
}

// tallestGlyph is the height of the tallest connected piece of ink in the
// band: a letter's body with its ascender or descender, without the marks
// above and below it, which are separate pieces.
func tallestGlyph(img *image.Gray, b band) int {
	w := b.x1 - b.x0
	seen := make([]bool, w*b.h())
	ink := func(x, y int) bool {
		return x >= b.x0 && x < b.x1 && y >= b.y0 && y < b.y1 && img.GrayAt(x, y).Y < 128
	}
	best := 0
	for y := b.y0; y < b.y1; y++ {
		for x := b.x0; x < b.x1; x++ {
			if !ink(x, y) || seen[(y-b.y0)*w+x-b.x0] {
				continue
			}
			top, bottom := y, y
			stack := []image.Point{{x, y}}
			seen[(y-b.y0)*w+x-b.x0] = true
			for len(stack) > 0 {
				p := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				top, bottom = min(top, p.Y), max(bottom, p.Y)
				for dy := -1; dy <= 1; dy++ {
					for dx := -1; dx <= 1; dx++ {
						q := image.Pt(p.X+dx, p.Y+dy)
						if ink(q.X, q.Y) && !seen[(q.Y-b.y0)*w+q.X-b.x0] {
							seen[(q.Y-b.y0)*w+q.X-b.x0] = true
							stack = append(stack, q)
						}
					}
				}
			}
			best = max(best, bottom-top+1)
		}
	}
	return best
}

// ticketParts finds, top to bottom, the header lines (above the number),
// the number, the body lines (between the number and the QR) and the QR.
// The knife's line at the bottom is left out.
func ticketParts(t *testing.T, img *image.Gray) (header []band, number band, body []band, qr band) {
	t.Helper()
	bs := bands(img)
	if n := len(bs); n > 0 && bs[n-1].h() <= 3 && bs[n-1].x1-bs[n-1].x0 > img.Bounds().Dx()*3/4 {
		bs = bs[:n-1] // the cut
	}
	i := 0
	for ; i < len(bs) && bs[i].h() < 60; i++ {
		header = append(header, bs[i])
	}
	if i == len(bs) {
		t.Fatal("no band 60 dots tall: where is the number?")
	}
	number = bs[i]
	for i++; i < len(bs) && bs[i].h() < 100; i++ {
		body = append(body, bs[i])
	}
	if i == len(bs) {
		t.Fatal("no band 100 dots tall: where is the QR?")
	}
	return header, number, body, bs[i]
}

// TestRender_TicketReadableWithoutGlasses measures the rendered reference
// ticket on both papers with every strategy: each body line has letters
// at least 3 mm tall, every printed line (header included) keeps 3 mm of
// blank paper on both sides, and the number is the largest thing on it.
func TestRender_TicketReadableWithoutGlasses(t *testing.T) {
	for _, rc := range referenceCases(t) {
		t.Run(rc.name, func(t *testing.T) {
			img, _ := rc.render(t)
			header, number, body, _ := ticketParts(t, img)
			if len(header) == 0 || len(body) < 3 {
				t.Fatalf("%d header lines, %d body lines", len(header), len(body))
			}
			width := img.Bounds().Dx()
			for _, b := range append(append(append([]band{}, header...), number), body...) {
				if left, right := b.x0, width-b.x1; left < minMarginDots || right < minMarginDots {
					t.Errorf("line at row %d: margins %d and %d dots, want %d each", b.y0, left, right, minMarginDots)
				}
			}
			for _, b := range body {
				if h := tallestGlyph(img, b); h < minBodyDots {
					t.Errorf("body line at row %d: letters %d dots tall (%.1f mm), want %d", b.y0, h, float64(h)/8, minBodyDots)
				}
			}
			if h, n := tallestGlyph(img, number), tallestGlyph(img, body[0]); h < 2*n {
				t.Errorf("number %d dots tall, body %d: want at least twice", h, n)
			}
		})
	}
}

// englishTicket is the reference ticket as the kiosk prints it in English.
func englishTicket() devices.Ticket {
	return devices.Ticket{
		Office:   "TAN HOA COMMUNE - PUBLIC ADMINISTRATION SERVICE CENTRE",
		Heading:  "Your queue number",
		Number:   "A012",
		Service:  "Reissue of the disability certificate",
		Counters: "Go to counter 1, 2",
		Lines:    []string{"Issued: 08:15 12/05/2025", "People waiting: 5", "Estimated wait: about 25 minutes"},
		QR:       escpos.ReferenceURL,
	}
}

// TestRender_EnglishTicket: in hybrid the English ticket is drawn in the
// same proportional face as the Vietnamese one (only the number goes in
// the printer's font), with the same margins and sizes.
func TestRender_EnglishTicket(t *testing.T) {
	for _, rc := range referenceCases(t) {
		if rc.strategy != escpos.StrategyHybrid {
			continue
		}
		t.Run(rc.name, func(t *testing.T) {
			stream, err := escpos.EncodeTicket(englishTicket(), rc.profile, rc.strategy)
			if err != nil {
				t.Fatal(err)
			}
			img, rep := render(t, rc.profile, stream)
			if got := strings.Join(rep.Lines, "|"); got != "A012" {
				t.Errorf("printer-font lines %q, want only the number", got)
			}
			_, _, body, _ := ticketParts(t, img)
			for _, b := range body {
				if h := tallestGlyph(img, b); h < minBodyDots {
					t.Errorf("body line at row %d: letters %d dots tall, want %d", b.y0, h, minBodyDots)
				}
				if b.x0 < minMarginDots || img.Bounds().Dx()-b.x1 < minMarginDots {
					t.Errorf("line at row %d: ink %d..%d on %d dots", b.y0, b.x0, b.x1, img.Bounds().Dx())
				}
			}
			golden(t, "english-"+rc.name+".png", img)
		})
	}
}

// TestRender_ToneMarks prints the letters whose marks the issue names
// (ã, ể, ỗ, ự, ặ, Ẽ) as a body line with each strategy on 58 mm: a golden
// picture to look at, zoomed, after any change to sizes or fonts.
func TestRender_ToneMarks(t *testing.T) {
	for _, rc := range referenceCases(t) {
		if rc.profile.DotsPerLine != 384 || rc.name == "generic58-hybrid-rasterqr-384" {
			continue
		}
		t.Run(rc.name, func(t *testing.T) {
			tk := devices.Ticket{Heading: "ã ể ỗ ự ặ Ẽ", Lines: []string{"Đã đến lượt: ngã, hỏi, nặng"}}
			stream, err := escpos.EncodeTicket(tk, rc.profile, rc.strategy)
			if err != nil {
				t.Fatal(err)
			}
			img, rep := render(t, rc.profile, stream)
			if len(rep.Unknown) != 0 {
				t.Errorf("unknown commands: %v", rep.Unknown)
			}
			golden(t, "marks-"+rc.name+".png", img)
		})
	}
}
