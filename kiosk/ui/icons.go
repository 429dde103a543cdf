package ui

import (
	"fmt"
	"strings"
	"sync"

	"fyne.io/fyne/v2"

	"github.com/motcua-kiosk/motcua/assets"
)

// icons caches resources by name: Fyne rasterises an SVG once per
// resource, so a new resource per redraw would cost memory for ever.
var (
	iconMu sync.Mutex
	icons  = map[string]fyne.Resource{}
)

func cached(name string, make func() fyne.Resource) fyne.Resource {
	iconMu.Lock()
	defer iconMu.Unlock()
	if r, ok := icons[name]; ok {
		return r
	}
	r := make()
	icons[name] = r
	return r
}

// ServiceIcon returns the icon named in a service's config
// (assets/icons/<name>.svg), or the generic document icon.
func ServiceIcon(name string) fyne.Resource {
	return cached("service:"+name, func() fyne.Resource { return serviceIcon(name) })
}

func serviceIcon(name string) fyne.Resource {
	if name != "" && !strings.ContainsAny(name, "/\\.") {
		if b, err := assets.ReadFile("icons/" + name + ".svg"); err == nil {
			return fyne.NewStaticResource(name+".svg", b)
		}
	}
	b, err := assets.ReadFile("icons/document.svg")
	if err != nil {
		return nil
	}
	return fyne.NewStaticResource("document.svg", b)
}

// IconNames lists the shipped service icons, for the admin menu.
func IconNames() []string {
	return []string{"document", "land", "family", "work", "result", "stamp"}
}

const starPath = "M12 2l2.9 6.3 6.9.7-5.2 4.6 1.5 6.8L12 17l-6.1 3.4 1.5-6.8L2.2 9l6.9-.7z"

// Stars returns n filled stars out of five as one wide SVG image.
func Stars(n int) fyne.Resource {
	return cached(fmt.Sprintf("stars:%d", n), func() fyne.Resource { return stars(n) })
}

func stars(n int) fyne.Resource {
	var b strings.Builder
	b.WriteString(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 24" width="600" height="120">`)
	for i := 0; i < 5; i++ {
		fill, stroke := "#F2A900", "#8A6100"
		if i >= n {
			fill, stroke = "#FFFFFF", "#8A8A8A"
		}
		fmt.Fprintf(&b, `<g transform="translate(%d,0)"><path d="%s" fill="%s" stroke="%s" stroke-width="1.2"/></g>`, i*24, starPath, fill, stroke)
	}
	b.WriteString(`</svg>`)
	return fyne.NewStaticResource(fmt.Sprintf("stars%d.svg", n), []byte(b.String()))
}

// CheckIcon is the tick on a chosen reason.
func CheckIcon() fyne.Resource { return checkIcon }

var checkIcon = fyne.NewStaticResource("check.svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" width="96" height="96"><circle cx="12" cy="12" r="11" fill="#FFFFFF"/><path d="M6 12.5l4 4 8-9" fill="none" stroke="#1B7F3A" stroke-width="3" stroke-linecap="round" stroke-linejoin="round"/></svg>`))

// EmptyBox is the unticked box of a reason not chosen.
func EmptyBox() fyne.Resource { return emptyBox }

var emptyBox = fyne.NewStaticResource("box.svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" width="96" height="96"><circle cx="12" cy="12" r="10" fill="#FFFFFF" stroke="#4A4A4A" stroke-width="2"/></svg>`))
