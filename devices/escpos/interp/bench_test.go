package interp

import (
	"io"
	"testing"

	"github.com/motcua-kiosk/motcua/devices/escpos"
)

// BenchmarkRender_ReferenceTicket measures rendering the encoder's
// reference ticket, per strategy, at 576 dots; and writing the PNG.
func BenchmarkRender_ReferenceTicket(b *testing.B) {
	p, err := escpos.LookupProfile("epson-tm-t20")
	if err != nil {
		b.Fatal(err)
	}
	for _, s := range escpos.Strategies {
		stream, err := escpos.EncodeTicket(escpos.ReferenceTicket(), p, s)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(string(s), func(b *testing.B) {
			b.SetBytes(int64(len(stream)))
			for b.Loop() {
				if _, _, err := Render(stream, p); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	stream, _ := escpos.EncodeTicket(escpos.ReferenceTicket(), p, escpos.StrategyCodePage)
	img, _, _ := Render(stream, p)
	b.Run("png", func(b *testing.B) {
		for b.Loop() {
			if err := WritePNG(io.Discard, img); err != nil {
				b.Fatal(err)
			}
		}
	})
}
