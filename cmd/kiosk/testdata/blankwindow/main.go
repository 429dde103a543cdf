// Command blankwindow is the memory floor the kiosk is measured against:
// a full-screen Fyne window with one line of text in the kiosk's font, on
// the same display and GL driver, and nothing else. What the kiosk holds
// above this is the kiosk's own (TestKioskUI_MemoryAfter1000Tickets).
package main

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"

	"github.com/motcua-kiosk/motcua/assets"
)

func main() {
	a := app.NewWithID("vn.motcua.kiosk.blank")
	w := a.NewWindow("blank")
	t := canvas.NewText("Một Cửa Kiosk", color.Black)
	t.TextSize = 60
	t.FontSource = fyne.NewStaticResource("NotoSans-Regular.ttf", assets.NotoSansRegular)
	w.SetContent(container.NewCenter(t))
	w.SetFullScreen(true)
	w.ShowAndRun()
}
