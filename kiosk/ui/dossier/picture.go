package dossier

import (
	"image"
	"image/color"
	"image/draw"

	qrcode "github.com/skip2/go-qrcode"

	"github.com/motcua-kiosk/motcua/kiosk/ui"
)

// slipPicture is the guidance drawing: the appointment slip with its QR
// code in a scanner's red beam, and an arrow down to the scanner. Drawn
// here rather than shipped as a file: it is a few shapes, and a drawn QR
// is a real one (of a sample code).
func slipPicture() image.Image {
	const w, h = 360, 460
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	fill := func(r image.Rectangle, c color.Color) {
		draw.Draw(img, r, image.NewUniform(c), image.Point{}, draw.Src)
	}
	fill(img.Bounds(), ui.ColorBackground)
	// The slip: a white sheet with a grey edge and lines of print.
	sheet := image.Rect(20, 10, 340, 360)
	fill(sheet, color.NRGBA{0x88, 0x88, 0x88, 0xff})
	fill(sheet.Inset(3), color.White)
	grey := color.NRGBA{0xb0, 0xb0, 0xb0, 0xff}
	fill(image.Rect(70, 30, 290, 44), ui.ColorText) // the slip's title
	for i, ww := range []int{260, 230, 250, 150, 120, 140} {
		y := 64 + i*22
		fill(image.Rect(40, y, 40+ww*2/3, y+8), grey)
	}
	// A real QR of a sample code in the lower right.
	const qx, qy, mod = 190, 200, 4
	if q, err := qrcode.New("000.00.13.H12-240315-0001", qrcode.Low); err == nil {
		q.DisableBorder = true
		for y, row := range q.Bitmap() {
			for x, on := range row {
				if on {
					fill(image.Rect(qx+x*mod, qy+y*mod, qx+(x+1)*mod, qy+(y+1)*mod), ui.ColorText)
				}
			}
		}
	}
	// The scanner's red beam across the code.
	fill(image.Rect(150, 246, 350, 252), color.NRGBA{0xe0, 0x10, 0x10, 0xff})
	// An arrow down to the scanner.
	blue := ui.ColorPrimary
	fill(image.Rect(166, 372, 194, 412), blue)
	for i := 0; i < 40; i++ {
		fill(image.Rect(140+i, 412+i, 220-i, 413+i), blue)
	}
	return img
}
