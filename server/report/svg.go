package report

import (
	"fmt"
	"html"
	"math"
	"strings"
)

// Bar is one bar of a chart.
type Bar struct {
	Label string  // under the bar
	Value float64 // its height
	Text  string  // above the bar ("" = none)
	Color string  // CSS colour; "" = the chart's default
}

// Chart describes a vertical bar chart.
type Chart struct {
	Title  string // for screen readers (<title>) and aria-label
	Bars   []Bar
	Width  int // viewBox width; default 640
	Height int // viewBox height; default 240
}

// SVG draws the chart as a self-contained inline <svg> element (no
// script, no external font or style), scaled to its container's width.
// Labels are escaped.
func (c Chart) SVG() string {
	w, h := c.Width, c.Height
	if w == 0 {
		w = 640
	}
	if h == 0 {
		h = 240
	}
	const left, right, top, bottom = 44, 8, 22, 34
	plotW, plotH := float64(w-left-right), float64(h-top-bottom)
	maxV := 0.0
	for _, b := range c.Bars {
		maxV = math.Max(maxV, b.Value)
	}
	step, top0 := niceScale(maxV)
	var s strings.Builder
	fmt.Fprintf(&s, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="100%%" role="img" aria-label="%s" class="chart" font-family="sans-serif" font-size="12">`,
		w, h, esc(c.Title))
	fmt.Fprintf(&s, `<title>%s</title>`, esc(c.Title))
	for v := 0.0; v <= top0+step/2; v += step {
		y := float64(top) + plotH - v/top0*plotH
		fmt.Fprintf(&s, `<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#d7dbe0" stroke-width="1"/>`, left, y, w-right, y)
		fmt.Fprintf(&s, `<text x="%d" y="%.1f" text-anchor="end" fill="#555">%s</text>`, left-6, y+4, trimFloat(v))
	}
	n := len(c.Bars)
	if n > 0 {
		slot := plotW / float64(n)
		bw := slot * 0.7
		labelEvery := 1
		if slot < 22 {
			labelEvery = int(math.Ceil(22 / slot))
		}
		for i, b := range c.Bars {
			color := b.Color
			if color == "" {
				color = "#1f6fb2"
			}
			bh := 0.0
			if top0 > 0 {
				bh = b.Value / top0 * plotH
			}
			x := float64(left) + slot*float64(i) + (slot-bw)/2
			y := float64(top) + plotH - bh
			fmt.Fprintf(&s, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"><title>%s: %s</title></rect>`,
				x, y, bw, bh, esc(color), esc(b.Label), esc(firstNonEmpty(b.Text, trimFloat(b.Value))))
			if b.Text != "" {
				fmt.Fprintf(&s, `<text x="%.1f" y="%.1f" text-anchor="middle" fill="#222">%s</text>`, x+bw/2, y-4, esc(b.Text))
			}
			if i%labelEvery == 0 {
				fmt.Fprintf(&s, `<text x="%.1f" y="%d" text-anchor="middle" fill="#333">%s</text>`, x+bw/2, h-bottom+16, esc(b.Label))
			}
		}
	}
	fmt.Fprintf(&s, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#555" stroke-width="1"/>`, left, top+int(plotH), w-right, top+int(plotH))
	s.WriteString(`</svg>`)
	return s.String()
}

// niceScale picks a grid step of 1, 2 or 5 × 10^k giving about five lines
// and the axis top (a multiple of the step ≥ maxV; 1 when maxV is 0).
func niceScale(maxV float64) (step, top float64) {
	if maxV <= 0 {
		return 1, 1
	}
	raw := maxV / 5
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	step = mag
	for _, m := range []float64{1, 2, 5, 10} {
		if m*mag >= raw {
			step = m * mag
			break
		}
	}
	if step < 1 && maxV >= 1 {
		step = 1
	}
	return step, math.Ceil(maxV/step) * step
}

func trimFloat(v float64) string {
	return strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%.2f", v), "0"), ".")
}

func esc(s string) string { return html.EscapeString(s) }

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// StarColors go from red (1 star) to green (5 stars).
var StarColors = [5]string{"#c0392b", "#e67e22", "#b7950b", "#58a55c", "#1e8449"}

// HoursChart is the tickets-by-hour chart, trimmed to the hours from the
// first to the last with tickets (at least 07:00–17:00).
func (r Report) HoursChart(l Lang) Chart {
	first, last := r.hourRange()
	c := Chart{Title: l.pick("Số phiếu theo giờ lấy số", "Tickets by hour taken"), Width: 1000, Height: 230}
	for h := first; h <= last; h++ {
		c.Bars = append(c.Bars, Bar{Label: fmt.Sprintf("%dh", h), Value: float64(r.Hours[h]), Text: FormatNumber(float64(r.Hours[h]), 0, l)})
	}
	return c
}

// hourRange is the hours from the first to the last with tickets, at
// least 07:00–17:00 (the working day).
func (r Report) hourRange() (first, last int) {
	first, last = 7, 17
	for h, n := range r.Hours {
		if n > 0 {
			first = min(first, h)
			last = max(last, h)
		}
	}
	return first, last
}

// StarsChart is the ratings-by-star chart.
func (r Report) StarsChart(l Lang) Chart {
	c := Chart{Title: l.pick("Số lượt đánh giá theo số sao", "Ratings by stars"), Height: 200}
	for i, n := range r.Total.Ratings.Count {
		c.Bars = append(c.Bars, Bar{Label: fmt.Sprintf("%d★", i+1), Value: float64(n), Text: FormatNumber(float64(n), 0, l), Color: StarColors[i]})
	}
	return c
}

// ReasonsChart is the reasons-given chart.
func (r Report) ReasonsChart(l Lang) Chart {
	c := Chart{Title: l.pick("Lý do chưa hài lòng", "Reasons given"), Height: 200}
	for _, rc := range r.Reasons {
		c.Bars = append(c.Bars, Bar{Label: ReasonLabel(rc.Key, l), Value: float64(rc.N), Text: FormatNumber(float64(rc.N), 0, l), Color: "#8e5ea2"})
	}
	return c
}
