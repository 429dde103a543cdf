package desk

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"github.com/motcua-kiosk/motcua/kiosk/ui"
)

// Sizes of the desk's text, in Fyne units: an officer reads the screen
// from an arm's length while talking to a citizen, so the body text is
// 18 (Fyne's default is 14, which read as about 13 px on a desk PC).
const (
	deskText       float32 = 18
	deskHeading    float32 = 28
	deskSubHeading float32 = 22
	deskCaption    float32 = 15
)

// Colours of a disabled control, so that an officer can read what a
// button would do before it is enabled (Fyne's default is grey on grey,
// below 2:1): in the light variant dark grey on light grey (5.3:1), in the
// dark variant light grey on dark grey (5.7:1). Enabled buttons keep
// Fyne's colours, so the two still look different.
var (
	colorDisabledText       = color.NRGBA{0x5C, 0x5C, 0x5C, 0xFF}
	colorDisabledButton     = color.NRGBA{0xE5, 0xE5, 0xE5, 0xFF}
	colorDisabledTextDark   = color.NRGBA{0xA8, 0xA8, 0xA8, 0xFF}
	colorDisabledButtonDark = color.NRGBA{0x2E, 0x2E, 0x2E, 0xFF}
)

// staffTheme is the desk's theme: Fyne's theme (light or dark, as the
// PC is set) in the kiosk's Noto Sans (every Vietnamese mark), larger
// text and readable disabled buttons. It is applied to the desk window's
// content only, so the demo's other windows in the same app keep theirs.
type staffTheme struct{}

var _ fyne.Theme = staffTheme{}

func (staffTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	dark := isDark(theme.DefaultTheme().Color(theme.ColorNameBackground, v))
	switch {
	case n == theme.ColorNameDisabled && dark:
		return colorDisabledTextDark
	case n == theme.ColorNameDisabled:
		return colorDisabledText
	case n == theme.ColorNameDisabledButton && dark:
		return colorDisabledButtonDark
	case n == theme.ColorNameDisabledButton:
		return colorDisabledButton
	}
	return theme.DefaultTheme().Color(n, v)
}

func (staffTheme) Font(s fyne.TextStyle) fyne.Resource { return ui.Theme{}.Font(s) }

func (staffTheme) Icon(n fyne.ThemeIconName) fyne.Resource { return theme.DefaultTheme().Icon(n) }

func (staffTheme) Size(n fyne.ThemeSizeName) float32 {
	switch n {
	case theme.SizeNameText:
		return deskText
	case theme.SizeNameHeadingText:
		return deskHeading
	case theme.SizeNameSubHeadingText:
		return deskSubHeading
	case theme.SizeNameCaptionText:
		return deskCaption
	case theme.SizeNameInlineIcon:
		return 24
	}
	return theme.DefaultTheme().Size(n)
}

// isDark tells whether a background is dark (the PC's dark mode, or a
// variant Fyne's theme draws dark).
func isDark(c color.Color) bool {
	r, g, b, _ := c.RGBA()
	return 299*r+587*g+114*b < 1000*0x8000
}
