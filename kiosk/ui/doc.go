// Package ui holds what every kiosk screen shares: the large, high-contrast
// theme, the Vietnamese/English strings (assets/i18n, Fyne lang format), and
// the touch widgets built for elderly first-time users — big buttons, a tap
// area, the hidden corner gesture, an on-screen numeric keypad and an
// on-screen keyboard that composes Vietnamese itself (Telex), because
// desktop Fyne has no input-method support and a kiosk has no keyboard.
//
// Sizes: every touch target is at least MinTouch (100 px) high. On a 1080-line
// screen of 13.3" or larger a pixel is at least 0.153 mm, so 100 px is at
// least 15 mm (27.7 mm on a 24" screen). Nothing scrolls: screens page with
// buttons, because a finger drag on a desktop touch screen does not scroll
// in Fyne. No kiosk widget is DoubleTappable, which would delay every tap.
//
// Goroutines change the UI only through fyne.Do.
package ui
