package dossier

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/motcua-kiosk/motcua/kiosk/speech"
	"github.com/motcua-kiosk/motcua/kiosk/ui"
)

// SpeakKey is the page's "Nghe hướng dẫn" key (nil without a speaker).
func (s *Screen) SpeakKey() *ui.SpeakKey { return s.speak }

// Countdown is the screens' warned idle close, for tests and the audit.
func (s *Screen) Countdown() *ui.Countdown { return s.countdown }

// Spoken is what the page's speak key says now, one line a phrase, as the
// synthesiser gets it (tests).
func (s *Screen) Spoken() []string { return s.spokenLines() }

// speech is what the page says: what it shows, in reading order (the
// header, the offline notice, the state, each "label: value" row, what to
// do next with the "Lấy số nhận kết quả" offer, the history, the keys),
// in the shown language.
func (s *Screen) speech() speech.Utterance {
	return speech.Lines(string(s.tr.Lang), s.spokenLines()...)
}

// spokenLines walks s.spoken rather than the tree (ui.Shown): a Border
// container holds its middle before its top, and a row's label beside its
// value reads as one line, "Ngày hẹn trả: 08/12/2026".
func (s *Screen) spokenLines() []string {
	var out []string
	add := func(l string) {
		if l = sayable(l, s.tr.Lang); l != "" {
			out = append(out, l)
		}
	}
	for _, o := range s.spoken {
		switch o := o.(type) {
		case *ui.Text:
			if o.Visible() {
				add(o.Text)
			}
		case spokenRow:
			add(o.label.Text + ": " + o.value.Text)
		case *ui.BigButton:
			if o.Visible() && !o.Disabled {
				add(o.Title)
				for _, l := range o.Lines {
					add(l)
				}
			}
		case *ui.Keyboard:
			add(s.tr.L("dossier.enter.prompt"))
			add(s.Message())
		}
	}
	return out
}

// spokenRow is a "label: value" row of the result page, said as one line.
type spokenRow struct{ label, value *ui.Text }

// dateRe is a date as the pages show it, dd/mm/yyyy.
var dateRe = regexp.MustCompile(`\b(\d{2})/(\d{2})/(\d{4})\b`)

// sayable is line as the synthesiser should get it: a date said as one
// ("08/12/2026" is "8 tháng 12 năm 2026", where espeak-ng would read
// "tám mười hai hai nghìn…"), and the keys' arrows and the ellipsis,
// which are drawn, not words, left out.
func sayable(line string, lang ui.Lang) string {
	line = strings.NewReplacer("◀", "", "▶", "", "…", "").Replace(line)
	line = dateRe.ReplaceAllStringFunc(line, func(d string) string {
		m := dateRe.FindStringSubmatch(d)
		day, _ := strconv.Atoi(m[1])
		month, _ := strconv.Atoi(m[2])
		if month < 1 || month > 12 {
			return d
		}
		if lang == ui.LangEN {
			return fmt.Sprintf("%d %s %s", day, time.Month(month), m[3])
		}
		return fmt.Sprintf("%d tháng %d năm %s", day, month, m[3])
	})
	return strings.Join(strings.Fields(line), " ")
}
