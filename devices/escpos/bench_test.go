package escpos

import (
	"fmt"
	"testing"

	"github.com/motcua-kiosk/motcua/devices"
)

// wireMillis is the time n bytes take on a serial line at baud, 8N1:
// ten bits per byte (start, eight data, stop).
func wireMillis(n, baud int) float64 { return float64(n*10) * 1000 / float64(baud) }

// BenchmarkEncodeTicket builds and encodes the reference ticket for each
// profile and strategy, and reports its size and its time on the wire.
//
//	go test -run '^$' -bench EncodeTicket -benchmem ./devices/escpos/
func BenchmarkEncodeTicket(b *testing.B) {
	for _, pn := range []string{"generic-80mm", "generic-58mm", "epson-tm-t82"} {
		p := mustProfile(b, pn)
		kinds := append(append([]Strategy{}, Strategies...), "naive-raster")
		for _, s := range kinds {
			if p.CheckStrategy(s) != nil {
				continue // the printer cannot: EncodeTicket refuses
			}
			b.Run(fmt.Sprintf("%s/%s", pn, s), func(b *testing.B) {
				var n int
				for b.Loop() {
					out, err := encodeForBench(ReferenceTicket(), p, s)
					if err != nil {
						b.Fatal(err)
					}
					n = len(out)
				}
				b.ReportMetric(float64(n), "bytes")
				for _, baud := range []int{9600, 38400, 115200} {
					b.ReportMetric(wireMillis(n, baud), fmt.Sprintf("ms@%d", baud))
				}
			})
		}
	}
}

func encodeForBench(t devices.Ticket, p Profile, s Strategy) ([]byte, error) {
	if s == "naive-raster" {
		return naiveRaster(t, p)
	}
	return EncodeTicket(t, p, s)
}

// naiveRaster is the baseline the issue compares with: the whole ticket
// drawn as one full-width image (text at the same sizes, QR as raster,
// nothing trimmed at the sides) and sent with GS v 0.
func naiveRaster(t devices.Ticket, p Profile) ([]byte, error) {
	top, bottom := ticketLines(t)
	w, err := newTicketWriter(p, StrategyRaster)
	if err != nil {
		return nil, err
	}
	var parts []*Bitmap
	add := func(ls []line) error {
		for _, l := range ls {
			f, err := w.rasterFontFor(l)
			if err != nil {
				return err
			}
			for _, s := range f.wrapPixels(l.text, w.usable()) {
				bm, err := f.render(s, false)
				if err != nil {
					return err
				}
				parts = append(parts, bm)
			}
		}
		return nil
	}
	if err := add(top); err != nil {
		return nil, err
	}
	if t.QR != "" {
		q, err := qrBitmap(t.QR, qrModule80)
		if err != nil {
			return nil, err
		}
		parts = append(parts, q)
	}
	if err := add(bottom); err != nil {
		return nil, err
	}
	img := stackV(10, parts...)
	full := NewBitmap(p.DotsPerLine, img.H+2*10)
	full.blit(img, (p.DotsPerLine-img.W)/2, 10)
	return NewEncoder().Init().Raster(full).Cut(CutPartial, cutFeed).Result()
}

func TestNaiveRaster_Size(t *testing.T) {
	b, err := naiveRaster(ReferenceTicket(), mustProfile(t, "generic-80mm"))
	if err != nil {
		t.Fatal(err)
	}
	// The estimate is about 40,000 bytes; ours is the same order.
	if len(b) < 20000 || len(b) > 60000 {
		t.Errorf("naive raster = %d bytes", len(b))
	}
}
