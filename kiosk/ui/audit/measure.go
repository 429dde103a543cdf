package audit

import (
	"image/color"
	"math"
)

// Thresholds of the audit: WCAG 2.2 1.4.3 (text contrast 4.5:1), 1.4.6
// (7:1, asked for the ticket number), and the 15 mm targets
// (above WCAG 2.5.5's 44 CSS px; EN 301 549 §5 leaves sizes to the kiosk).
const (
	MinContrast       = 4.5
	MinNumberContrast = 7.0
	MinTargetMM       = 15.0
)

// Luminance is the relative luminance of c as WCAG defines it, 0 (black)
// to 1 (white). Alpha is ignored: the audit composes colours itself.
func Luminance(c color.Color) float64 {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	lin := func(v uint8) float64 {
		s := float64(v) / 255
		if s <= 0.04045 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(n.R) + 0.7152*lin(n.G) + 0.0722*lin(n.B)
}

// Contrast is the WCAG contrast ratio of two colours, 1 to 21.
func Contrast(a, b color.Color) float64 {
	la, lb := Luminance(a), Luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}
