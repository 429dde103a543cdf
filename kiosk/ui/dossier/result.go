package dossier

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"

	"github.com/motcua-kiosk/motcua/kiosk/dossiers"
	"github.com/motcua-kiosk/motcua/kiosk/ui"
)

// date is t as a slip prints it, dd/mm/yyyy in the office's zone; "chưa
// có" when the system gave none.
func (s *Screen) date(t time.Time) string {
	if t.IsZero() {
		return s.tr.L("dossier.none")
	}
	return t.In(s.loc).Format("02/01/2006")
}

// LateDays is how many calendar days past its promised day a late
// dossier is, in loc: counted to the day it finished or, while not
// finished, to now; at least 1. 0 when it is not late.
func LateDays(st dossiers.Status, now time.Time, loc *time.Location) int {
	if !st.Late || st.Promised.IsZero() {
		return 0
	}
	end := now
	if !st.Finished.IsZero() {
		end = st.Finished
	}
	day := func(t time.Time) time.Time {
		t = t.In(loc)
		return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	}
	n := int(day(end).Sub(day(st.Promised)) / (24 * time.Hour))
	return max(1, n)
}

// Progress is the on-time line: "Đúng hạn", "Trễ hạn 2 ngày", or "" for
// a dossier with no promise or cancelled.
func (s *Screen) progress(st dossiers.Status) string {
	if st.Promised.IsZero() || st.State == dossiers.StateCancelled {
		return ""
	}
	if n := LateDays(st, s.now(), s.loc); n > 0 {
		return s.tr.L("dossier.late", map[string]any{"N": n})
	}
	return s.tr.L("dossier.on_time")
}

func (s *Screen) now() time.Time {
	if s.o.Now != nil {
		return s.o.Now()
	}
	return time.Now()
}

// row is one "label: value" line of the result page.
func (s *Screen) row(labelKey, value string, labelW float32) fyne.CanvasObject {
	l := s.text(s.tr.L(labelKey), ui.TextBody, false, fyne.TextAlignLeading)
	l.Color = ui.ColorMuted
	v := s.text(value, ui.TextLarge, true, fyne.TextAlignLeading)
	s.spoken = append(s.spoken[:len(s.spoken)-2], spokenRow{l, v})
	return container.NewBorder(nil, nil, container.New(fixedWidth{w: labelW}, l), nil, v)
}

// staleLine is the offline notice: the status is the last one seen, at
// its time, and may have changed.
func (s *Screen) staleLine(st dossiers.Status) string {
	at := st.AsOf.In(s.loc)
	return s.tr.L("dossier.stale", map[string]any{"Time": at.Format("15:04"), "Date": at.Format("02/01/2006")})
}

func (s *Screen) resultPage() fyne.CanvasObject {
	st := s.status
	code := st.Code
	if code == "" {
		code = s.ref.Code
	}
	top := container.NewVBox(s.header(s.tr.L("dossier.result.title"), s.tr.L("dossier.code", map[string]any{"Code": code})))
	if st.Stale {
		n := s.text(s.staleLine(st), ui.TextBody, true, fyne.TextAlignCenter)
		top.Add(band(ui.ColorWarning, n))
	}

	// The state, on green when the result waits at the counter.
	state := s.text(st.State.Text(string(s.tr.Lang)), ui.TextTitle, true, fyne.TextAlignCenter)
	fill := ui.ColorSecondary
	if st.Ready {
		fill, state.Color = ui.ColorSelected, ui.ColorOnPrimary
	}
	stateBand := band(fill, state)

	labelW := float32(330)
	rows := container.NewVBox(s.row("dossier.row.procedure", orNone(s, st.Procedure), labelW),
		s.row("dossier.row.received", s.date(st.Received), labelW),
		s.row("dossier.row.promised", s.date(st.Promised), labelW))
	if st.Step.Name != "" && st.State != dossiers.StateDone {
		rows.Add(s.row("dossier.row.step", st.Step.Name, labelW))
	}
	if st.Step.Unit != "" && st.State != dossiers.StateDone {
		rows.Add(s.row("dossier.row.unit", st.Step.Unit, labelW))
	}
	if p := s.progress(st); p != "" {
		r := s.row("dossier.row.progress", p, labelW)
		if st.Late {
			s.texts[len(s.texts)-1].Color = ui.ColorAccent
		}
		rows.Add(r)
	}

	action := s.action(st)
	hist := s.shortHistory(st)

	back := s.backKey()
	s.again = s.key(secondary(ui.NewBigButton(s.tr.L("dossier.again"), func() { s.typed, s.fail = "", nil; s.show(PageEnter) })))
	bottom := container.NewGridWithColumns(2, back, s.again)
	if s.landscape {
		right := container.NewVBox(stateBand, action, hist)
		mid := container.NewGridWithColumns(2, rows, right)
		return s.screen(top, bottom, mid)
	}
	mid := container.NewVBox(stateBand, rows, action, hist)
	return s.screen(top, bottom, mid)
}

func orNone(s *Screen, v string) string {
	if v == "" {
		return s.tr.L("dossier.none")
	}
	return v
}

// action is what the citizen can do now: a ticket for a ready result, or
// when the result is due.
func (s *Screen) action(st dossiers.Status) fyne.CanvasObject {
	note := func(key string, data ...any) fyne.CanvasObject {
		return s.text(s.tr.L(key, data...), ui.TextLarge, true, fyne.TextAlignCenter)
	}
	switch {
	case st.Ready && s.o.OnTicket != nil:
		s.ticket = s.key(ui.NewBigButton(s.tr.L("dossier.ticket"), func() {
			s.o.Log.Info("result ticket asked", "ref", s.ref)
			s.o.OnTicket(st)
		}))
		s.ticket.Lines = []string{s.tr.L("dossier.ticket.sub")}
		s.ticket.Fill, s.ticket.MinHeight = ui.ColorSelected, 150
		return container.NewPadded(s.ticket)
	case st.Ready:
		return note("dossier.ready.counter")
	case st.State == dossiers.StateDone:
		if st.Finished.IsZero() {
			return note("dossier.done")
		}
		return note("dossier.done.on", map[string]any{"Date": s.date(st.Finished)})
	case st.State == dossiers.StateDenied || st.State == dossiers.StateCancelled:
		return note("dossier.ask")
	case st.Promised.IsZero():
		return note("dossier.not_ready")
	case st.Late:
		return note("dossier.not_ready.late", map[string]any{"Date": s.date(st.Promised)})
	}
	return note("dossier.not_ready.due", map[string]any{"Date": s.date(st.Promised)})
}

func (s *Screen) entry(e dossiers.Entry) fyne.CanvasObject {
	at := s.text(e.At.In(s.loc).Format("15:04 02/01/2006"), ui.TextBody, true, fyne.TextAlignLeading)
	if e.At.IsZero() {
		at.SetText("")
	}
	txt := e.Text
	if e.Unit != "" {
		txt += " (" + e.Unit + ")"
	}
	return container.NewVBox(at, s.text(txt, ui.TextBody, false, fyne.TextAlignLeading))
}

// shortHistory is the history on the result page when it is short, or a
// key to its own pages when it is not.
func (s *Screen) shortHistory(st dossiers.Status) fyne.CanvasObject {
	n := len(st.History)
	switch {
	case n == 0:
		return layout.NewSpacer()
	case n > ShortHistory:
		s.history = s.key(secondary(ui.NewBigButton(s.tr.L("dossier.history.open", map[string]any{"N": n}), func() { s.histPage = 0; s.show(PageHistory) })))
		return container.NewPadded(s.history)
	}
	box := container.NewVBox(s.text(s.tr.L("dossier.history"), ui.TextLarge, true, fyne.TextAlignLeading))
	for _, e := range st.History {
		box.Add(s.entry(e))
	}
	return box
}

// HistoryPerPage is how many history lines a history page holds.
const HistoryPerPage = 6

func (s *Screen) historyPage() fyne.CanvasObject {
	st := s.status
	h := st.History
	pages := max(1, (len(h)+HistoryPerPage-1)/HistoryPerPage)
	s.histPage = min(max(s.histPage, 0), pages-1)
	top := s.header(s.tr.L("dossier.history"), s.tr.L("dossier.code", map[string]any{"Code": orNone(s, st.Code)}))
	list := container.NewVBox()
	for _, e := range h[s.histPage*HistoryPerPage : min(len(h), (s.histPage+1)*HistoryPerPage)] {
		list.Add(s.entry(e))
	}
	s.back = s.key(secondary(ui.NewBigButton(s.tr.L("dossier.history.back"), func() { s.show(PageResult) })))
	objs := []fyne.CanvasObject{s.back}
	if pages > 1 {
		turn := func(d int) { s.histPage += d; s.show(PageHistory) }
		s.prev = secondary(ui.NewBigButton(s.tr.L("dossier.prev"), func() { turn(-1) }))
		s.next = secondary(ui.NewBigButton(s.tr.L("dossier.next"), func() { turn(+1) }))
		s.prev.Disabled, s.next.Disabled = s.histPage == 0, s.histPage == pages-1
		for _, b := range []*ui.BigButton{s.prev, s.next} {
			if b.Disabled {
				b.Fill, b.TextColor = ui.ColorClosed, ui.ColorMuted
			}
		}
		label := s.text(s.tr.L("dossier.page", map[string]any{"Page": s.histPage + 1, "Pages": pages}), ui.TextBody, true, fyne.TextAlignCenter)
		objs = append(objs, s.prev, container.NewVBox(layout.NewSpacer(), label, layout.NewSpacer()), s.next)
	} else {
		objs = append(objs, layout.NewSpacer(), layout.NewSpacer(), layout.NewSpacer())
	}
	return s.screen(top, container.NewGridWithColumns(4, objs...), list)
}
