package admin

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"

	"github.com/motcua-kiosk/motcua/devices"
	"github.com/motcua-kiosk/motcua/devices/escpos"
	"github.com/motcua-kiosk/motcua/devices/printer"
	"github.com/motcua-kiosk/motcua/kiosk/hub"
	"github.com/motcua-kiosk/motcua/kiosk/settings"
	"github.com/motcua-kiosk/motcua/kiosk/store"
	"github.com/motcua-kiosk/motcua/kiosk/ui"
)

var baudChoices = []choice{{"9600", "9600"}, {"19200", "19200"}, {"38400", "38400"}, {"57600", "57600"}, {"115200", "115200"}}

func (m *Menu) printer() {
	tr := m.tr
	s := m.o.Settings.Get()
	var profiles []choice
	for _, n := range escpos.ProfileNames() {
		profiles = append(profiles, choice{n, n})
	}
	reprint := ""
	fm := m.newForm(tr.L("admin.section.printer"), []*field{
		{key: "printer", label: tr.L("admin.field.printer"), kind: kindPlain, get: func() string { return s.Printer }, set: strField(&s.Printer)},
		{key: "printer_baud", label: tr.L("admin.field.baud"), kind: kindChoice, choices: baudChoices, get: func() string { return itoa(s.PrinterBaud) }, set: intField(tr, &s.PrinterBaud, 0, 1<<30)},
		{key: "printer_profile", label: tr.L("admin.field.profile"), kind: kindChoice, choices: profiles, get: func() string { return s.PrinterProfile }, set: strField(&s.PrinterProfile)},
	}, m.saveSettings(&s))
	m.status = ui.NewText("", ui.TextBody, ui.ColorText, true, fyne.TextAlignCenter)
	test := ui.NewBigButton(tr.L("admin.printer.test"), func() { m.testPrint() })
	m.testKey = test
	test.TitleSize = ui.TextBody
	test.Disabled = m.o.TestPrint == nil
	// Reprint: type the number on the keyboard (the field below), then tap.
	fm.fields = append(fm.fields, &field{key: "reprint", label: tr.L("admin.field.reprint_number"), kind: kindPlain,
		get: func() string { return reprint }, set: func(v string) error { reprint = strings.ToUpper(strings.TrimSpace(v)); return nil }})
	again := ui.NewBigButton(tr.L("admin.printer.reprint"), func() { m.reprint(reprint) })
	m.reprintKey = again
	again.TitleSize = ui.TextBody
	again.Disabled = m.o.Reprint == nil
	fm.extra = append(fm.extra, m.status, container.NewGridWithColumns(2, test, again))
	fm.show()
	m.stage = StageForm
	m.pollPrinter()
}

// pollPrinter shows the printer's live state while the printer page is up.
func (m *Menu) pollPrinter() {
	if m.o.PrinterStatus == nil {
		m.status.SetText(tr(m, "admin.printer.status", devices.StateText(devices.StateDisconnected, string(m.o.Lang))))
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	m.stopPoll = cancel
	status := m.status
	go func() {
		t := time.NewTicker(2 * time.Second)
		defer t.Stop()
		last := ""
		for {
			st, err := m.o.PrinterStatus(ctx)
			state := st.State()
			if err != nil && ctx.Err() == nil {
				state = devices.StateDisconnected
			}
			// Written only when the state changes: a test print's or a
			// reprint's message stays on the line until then, instead of
			// being replaced within 2 s.
			if text := tr(m, "admin.printer.status", devices.StateText(state, string(m.o.Lang))); text != last {
				last = text
				ui.Do(func() {
					if ctx.Err() == nil {
						status.SetText(text)
					}
				})
			}
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	}()
}

func tr(m *Menu, key, state string) string { return m.tr.L(key, map[string]any{"State": state}) }

func (m *Menu) testPrint() {
	status := m.status
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		err := m.o.TestPrint(ctx)
		ui.Do(func() {
			if err != nil {
				// The sentence says what to do (no paper, wrong printer
				// type, strategy the printer lacks); the cause is logged.
				m.o.Log.Warn("test print", "err", err)
				status.SetText(printer.ErrorText(err, string(m.o.Lang)))
				// The sentence can take two lines where the state took
				// one: lay the page out again so none is cut off.
				m.root.Refresh()
				return
			}
			status.SetText(m.tr.L("admin.printer.test_ok"))
		})
	}()
}

// reprint prints today's ticket number again and says how it went.
func (m *Menu) reprint(number string) {
	status := m.status
	if strings.TrimSpace(number) == "" {
		status.SetText(m.tr.L("admin.printer.reprint_which"))
		return
	}
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		err := m.o.Reprint(ctx, number)
		ui.Do(func() {
			if err != nil {
				m.o.Log.Warn("reprint", "number", number, "err", err)
				var se *devices.StatusError
				if errors.As(err, &se) {
					status.SetText(devices.StateText(se.Status.State(), string(m.o.Lang)))
					return
				}
				status.SetText(hub.Message(err, string(m.o.Lang)))
				return
			}
			status.SetText(m.tr.L("admin.printer.reprint_ok", map[string]any{"Number": number}))
		})
	}()
}

func (m *Menu) scanner() {
	tr := m.tr
	s := m.o.Settings.Get()
	m.newForm(tr.L("admin.section.scanner"), []*field{
		{key: "scanner", label: tr.L("admin.field.scanner"), kind: kindPlain, get: func() string { return s.Scanner }, set: strField(&s.Scanner)},
		{key: "scanner_baud", label: tr.L("admin.field.baud"), kind: kindChoice, choices: baudChoices, get: func() string { return itoa(s.ScannerBaud) }, set: intField(tr, &s.ScannerBaud, 0, 1<<30)},
	}, m.saveSettings(&s)).show()
	m.stage = StageForm
}

func (m *Menu) device() {
	tr := m.tr
	s := m.o.Settings.Get()
	pairRole, pairCounter := store.RoleDesk, 1
	roles := []choice{{settings.RoleDispenser, tr.L("admin.role.dispenser")}, {settings.RoleRating, tr.L("admin.role.rating")}}
	pairRoles := []choice{{store.RoleDesk, "desk"}, {store.RoleDisplay, "display"}, {store.RoleRating, "rating"}, {store.RoleDispenser, "dispenser"}, {store.RoleAdmin, "admin"}}
	fm := m.newForm(tr.L("admin.section.device"), []*field{
		{key: "role", label: tr.L("admin.field.role"), kind: kindChoice, choices: roles, get: func() string { return s.Role }, set: strField(&s.Role)},
		{key: "listen", label: tr.L("admin.field.listen"), kind: kindPlain, get: func() string { return s.Listen }, set: strField(&s.Listen)},
		{key: "hub_url", label: tr.L("admin.field.hub"), kind: kindPlain, get: func() string { return s.HubURL }, set: strField(&s.HubURL)},
		{key: "counter", label: tr.L("admin.field.counter"), kind: kindNumber, get: func() string { return itoa(s.Counter) }, set: intField(tr, &s.Counter, 0, 999)},
		{key: "pair.role", label: tr.L("admin.pair.role"), kind: kindChoice, choices: pairRoles, get: func() string { return pairRole }, set: strField(&pairRole)},
		{key: "pair.counter", label: tr.L("admin.pair.counter"), kind: kindNumber, get: func() string { return itoa(pairCounter) }, set: intField(tr, &pairCounter, 0, 999)},
	}, func() error {
		old := m.o.Settings.Get()
		if err := m.o.Settings.Set(s); err != nil {
			return err
		}
		if old.Role != s.Role || old.Listen != s.Listen {
			return userError(tr.L("admin.restart_needed"))
		}
		return nil
	})
	code := ui.NewText("", ui.TextLarge, ui.ColorPrimary, true, fyne.TextAlignCenter)
	pair := ui.NewBigButton(tr.L("admin.pair"), func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		c, err := m.o.Store.CreatePairingCode(ctx, pairRole, pairCounter, 10*time.Minute)
		if err != nil {
			code.SetText(errText(err, tr))
			return
		}
		m.o.Log.Info("pairing code created", "role", pairRole, "counter", pairCounter)
		code.SetText(tr.L("admin.pair.code", map[string]any{"Code": c}))
	})
	pair.TitleSize = ui.TextBody
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	devs, _ := m.o.Store.Devices(ctx)
	n := 0
	for _, d := range devs {
		if !d.Revoked {
			n++
		}
	}
	fm.extra = append(fm.extra, pair, code, ui.NewText(tr.L("admin.devices", map[string]any{"N": n}), ui.TextBody, ui.ColorText, false, fyne.TextAlignCenter))
	fm.show()
	m.stage = StageForm
}

func (m *Menu) sync() {
	tr := m.tr
	s := m.o.Settings.Get()
	enrollCode := ""
	fm := m.newForm(tr.L("admin.section.sync"), []*field{
		{key: "central_url", label: tr.L("admin.field.server"), kind: kindPlain, get: func() string { return s.CentralURL }, set: strField(&s.CentralURL)},
		{key: "enroll_code", label: tr.L("admin.field.enroll_code"), kind: kindPlain, get: func() string { return enrollCode }, set: strField(&enrollCode)},
	}, m.saveSettings(&s))
	status := ui.NewText("", ui.TextBody, ui.ColorText, false, fyne.TextAlignCenter)
	enroll := ui.NewBigButton(tr.L("admin.enroll"), nil)
	enroll.TitleSize = ui.TextBody
	if m.o.Sync == nil {
		enroll.Disabled = true
		status.SetText(tr.L("admin.sync.none"))
	} else {
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		status.SetText(m.o.Sync.StatusText(ctx, string(m.o.Lang)))
		cancel()
		enroll.OnTapped = func() {
			url, code := s.CentralURL, strings.TrimSpace(enrollCode)
			status.SetText(tr.L("admin.pin.checking"))
			go func() {
				ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
				defer cancel()
				office, err := m.o.Sync.Enroll(ctx, url, code)
				text := ""
				if err != nil {
					m.o.Log.Warn("enroll", "err", err)
					text = m.o.Sync.StatusText(ctx, string(m.o.Lang))
					if ue, ok := err.(interface{ Messages() (string, string) }); ok {
						vi, en := ue.Messages()
						text = tr.Pick(vi, en)
					}
				} else {
					text = tr.L("admin.enroll.ok", map[string]any{"Office": office})
				}
				ui.Do(func() { status.SetText(text) })
			}()
		}
	}
	fm.extra = append(fm.extra, enroll, status)
	fm.show()
	m.stage = StageForm
}

func (m *Menu) general() {
	tr := m.tr
	s := m.o.Settings.Get()
	cfg := m.o.Hub.Config()
	langs := []choice{{"vi", tr.L("lang.vi")}, {"en", tr.L("lang.en")}}
	yesNo := []choice{{"no", tr.L("admin.no")}, {"yes", tr.L("admin.yes")}}
	onOff := []choice{{"yes", tr.L("admin.on")}, {"no", tr.L("admin.off")}}
	m.newForm(tr.L("admin.section.general"), []*field{
		{key: "language", label: tr.L("admin.field.lang"), kind: kindChoice, choices: langs, get: func() string { return s.Language }, set: strField(&s.Language)},
		{key: "ticket_seconds", label: tr.L("admin.field.timeout"), kind: kindNumber, get: func() string { return itoa(s.TicketSeconds) }, set: intField(tr, &s.TicketSeconds, 0, 100000)},
		{key: "rating_seconds", label: tr.L("admin.field.rating_seconds"), kind: kindNumber, get: func() string { return itoa(s.RatingSeconds) }, set: intField(tr, &s.RatingSeconds, 0, 100000)},
		// The lobby voice is the office's: every display follows it.
		{key: "voice.off", label: tr.L("admin.field.voice_on"), kind: kindChoice, choices: onOff,
			get: func() string { return boolChoice(!cfg.Voice.Off) }, set: func(v string) error { cfg.Voice.Off = v != "yes"; return nil }},
		{key: "voice.volume", label: tr.L("admin.field.volume"), kind: kindNumber, get: func() string { return itoa(cfg.Voice.Level()) }, set: intField(tr, &cfg.Voice.Volume, 0, 100000)},
		{key: "voice.english", label: tr.L("admin.field.voice_english"), kind: kindChoice, choices: yesNo,
			get: func() string { return boolChoice(cfg.Voice.English) }, set: func(v string) error { cfg.Voice.English = v == "yes"; return nil }},
		{key: "rollover_hour", label: tr.L("admin.field.rollover"), kind: kindNumber, get: func() string { return itoa(cfg.RolloverHour) }, set: intField(tr, &cfg.RolloverHour, 0, 100000)},
		// The citizen screens' speech and the panel's size are this
		// machine's (issue 16).
		{key: "speak_auto", label: tr.L("admin.field.speak_auto"), kind: kindChoice, choices: yesNo,
			get: func() string { return boolChoice(s.SpeakAuto) }, set: func(v string) error { s.SpeakAuto = v == "yes"; return nil }},
		{key: "speech_volume", label: tr.L("admin.field.speech_volume"), kind: kindNumber, get: func() string { return itoa(s.SpeechVolume) }, set: intField(tr, &s.SpeechVolume, 0, 100000)},
		{key: "panel_inches", label: tr.L("admin.field.panel_inches"), kind: kindChoice, choices: panelSizes(s.PanelInches),
			get: func() string { return inches(s.PanelInches) }, set: func(v string) error {
				f, err := strconv.ParseFloat(v, 64)
				s.PanelInches = f
				return err
			}},
	}, func() error {
		if err := s.Validate(); err != nil {
			return err
		}
		if err := m.saveConfig(&cfg)(); err != nil {
			return err
		}
		return m.o.Settings.Set(s)
	}).show()
	m.stage = StageForm
}

func (m *Menu) changePIN() {
	tr := m.tr
	m.stage = StageForm
	first := ui.NewKeypad(tr, tr.L("admin.pin.new"), nil, true, 8)
	first.OnCancel = m.showMenu
	m.editor = first
	first.OnSubmit = func(p1 string) {
		if store.ValidPIN(p1) != nil {
			first.Clear()
			first.SetMessage(tr.L("admin.pin.invalid"))
			return
		}
		second := ui.NewKeypad(tr, tr.L("admin.pin.again"), nil, true, 8)
		second.OnCancel = m.showMenu
		m.editor = second
		second.OnSubmit = func(p2 string) {
			if p1 != p2 {
				second.Clear()
				second.SetMessage(tr.L("admin.pin.mismatch"))
				return
			}
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			if err := m.guard.SetPIN(ctx, p1); err != nil {
				second.SetMessage(errText(err, tr))
				return
			}
			m.o.Store.SetMeta(ctx, "admin_pin_default", "")
			m.o.Log.Info("admin pin changed")
			m.showMenu()
		}
		m.set(centered(second))
	}
	m.set(centered(first))
}

func (m *Menu) officers() {
	tr := m.tr
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	list, err := m.o.Store.Officers(ctx)
	var items []fyne.CanvasObject
	if err != nil {
		items = append(items, ui.NewText(errText(err, tr), ui.TextBody, ui.ColorAccent, true, fyne.TextAlignCenter))
	}
	for _, o := range list {
		b := ui.NewBigButton(o.ID+" — "+o.Name, func() { m.officer(o.ID, o.Name) })
		b.TitleSize = ui.TextBody
		items = append(items, b)
	}
	if len(items) == 0 {
		items = append(items, ui.NewText(tr.L("admin.officer.none"), ui.TextBody, ui.ColorText, false, fyne.TextAlignCenter))
	}
	add := ui.NewBigButton(tr.L("admin.officer.add"), func() { m.officer("", "") })
	add.Fill, add.TitleSize = ui.ColorSelected, ui.TextBody
	m.list(tr.L("admin.section.officers"), items, add)
}

func (m *Menu) officer(id, name string) {
	tr := m.tr
	pin := ""
	fm := m.newForm(tr.L("admin.section.officers"), []*field{
		{key: "officer.id", label: tr.L("admin.officer.id"), kind: kindPlain, get: func() string { return id }, set: strField(&id)},
		{key: "officer.name", label: tr.L("admin.officer.name"), kind: kindText, get: func() string { return name }, set: strField(&name)},
		{key: "officer.pin", label: tr.L("admin.officer.pin"), kind: kindNumber, get: func() string { return strings.Repeat("●", len(pin)) }, set: strField(&pin)},
	}, func() error {
		if store.ValidPIN(pin) != nil {
			return userError(tr.L("admin.pin.invalid"))
		}
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		return m.o.Store.SetOfficer(ctx, id, name, pin)
	})
	fm.after = m.officers
	fm.show()
	m.stage = StageForm
}

// boolChoice is the choice value of a yes/no field.
func boolChoice(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// panelSizes are the diagonals offered for the panel, in inches: the
// common kiosk panels, and the one set now if it is none of them.
func panelSizes(now float64) []choice {
	var out []choice
	seen := false
	for _, d := range []float64{15.6, 18.5, 21.5, 23.8, 27, 32, 43, 55} {
		out = append(out, choice{inches(d), inches(d) + "\""})
		seen = seen || d == now
	}
	if !seen && now > 0 {
		out = append(out, choice{inches(now), inches(now) + "\""})
	}
	return out
}

func inches(d float64) string { return strconv.FormatFloat(d, 'f', -1, 64) }
