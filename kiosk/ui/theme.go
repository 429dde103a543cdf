package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"github.com/motcua-kiosk/motcua/assets"
)

// Sizes of the kiosk, in Fyne units (pixels at scale 1).
const (
	// MinTouch is the smallest height (and width) of anything a citizen
	// touches: ≥ 15 mm on any 1080-line screen of 13.3" or more.
	MinTouch float32 = 100
	// KeyMinWidth is the least width of an on-screen keyboard key: the
	// row "asdfghjkl ⌫" is eleven keys' room and ten gaps inside a
	// 1080-px portrait screen's margins (84.5 px a key). It is 15 mm or
	// more on a 1080-line panel of 15.6" and larger (13 mm on 13.3");
	// every key stays MinTouch high.
	KeyMinWidth float32 = 84
	// TextBody is the body text size; TextLarge the size of button titles;
	// TextHuge the ticket number.
	TextBody  float32 = 30
	TextSmall float32 = 24
	TextLarge float32 = 40
	TextTitle float32 = 52
	TextHuge  float32 = 220
)

// Colours of the kiosk: dark text on a light background, buttons in a deep
// blue with white text (contrast ratio above 7:1), closed services grey.
var (
	ColorBackground = color.NRGBA{0xF6, 0xF5, 0xF0, 0xFF}
	ColorText       = color.NRGBA{0x1A, 0x1A, 0x1A, 0xFF}
	ColorMuted      = color.NRGBA{0x4A, 0x4A, 0x4A, 0xFF}
	ColorPrimary    = color.NRGBA{0x0B, 0x4F, 0x9C, 0xFF}
	ColorOnPrimary  = color.NRGBA{0xFF, 0xFF, 0xFF, 0xFF}
	ColorSecondary  = color.NRGBA{0xE1, 0xE8, 0xF2, 0xFF}
	ColorClosed     = color.NRGBA{0xD4, 0xD4, 0xD4, 0xFF}
	ColorAccent     = color.NRGBA{0xB3, 0x26, 0x1E, 0xFF} // the red of the office header
	ColorSelected   = color.NRGBA{0x1B, 0x7F, 0x3A, 0xFF}
	ColorWarning    = color.NRGBA{0xFF, 0xF0, 0xC2, 0xFF}
	ColorStar       = color.NRGBA{0xF2, 0xA9, 0x00, 0xFF}
)

// The kiosk's fonts. Its own text (Text, so every button and screen a
// citizen sees) is drawn in these alone, never in the system's fonts: see
// fontFor.
var (
	fontRegular = fyne.NewStaticResource("NotoSans-Regular.ttf", assets.NotoSansRegular)
	fontBold    = fyne.NewStaticResource("NotoSans-Bold.ttf", assets.NotoSansBold)
)

// Theme is the kiosk theme: light, large and in Noto Sans (full Vietnamese
// coverage). Use it for the whole app on a kiosk, or wrap one window's
// content with container.NewThemeOverride when other windows share the app.
type Theme struct{}

var _ fyne.Theme = Theme{}

// Color returns the kiosk colours; the variant is ignored (always light).
func (Theme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	switch n {
	case theme.ColorNameBackground:
		return ColorBackground
	case theme.ColorNameForeground:
		return ColorText
	case theme.ColorNamePrimary:
		return ColorPrimary
	case theme.ColorNameButton:
		return ColorSecondary
	case theme.ColorNameInputBackground:
		return color.White
	}
	return theme.DefaultTheme().Color(n, theme.VariantLight)
}

// Font returns Noto Sans (bold for bold text).
func (Theme) Font(s fyne.TextStyle) fyne.Resource {
	if s.Monospace || s.Symbol {
		return theme.DefaultTheme().Font(s)
	}
	if s.Bold {
		return fontBold
	}
	return fontRegular
}

// Icon returns the default icons.
func (Theme) Icon(n fyne.ThemeIconName) fyne.Resource { return theme.DefaultTheme().Icon(n) }

// Size returns the kiosk's large sizes.
func (Theme) Size(n fyne.ThemeSizeName) float32 {
	switch n {
	case theme.SizeNameText:
		return TextBody
	case theme.SizeNameHeadingText:
		return TextTitle
	case theme.SizeNameSubHeadingText:
		return TextLarge
	case theme.SizeNameCaptionText:
		return TextSmall
	case theme.SizeNamePadding:
		return 10
	case theme.SizeNameInnerPadding:
		return 14
	case theme.SizeNameInlineIcon:
		return 40
	}
	return theme.DefaultTheme().Size(n)
}
