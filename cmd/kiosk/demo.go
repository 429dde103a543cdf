package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/container"

	"github.com/motcua-kiosk/motcua/kiosk/hub"
	"github.com/motcua-kiosk/motcua/kiosk/queue"
	"github.com/motcua-kiosk/motcua/kiosk/settings"
	"github.com/motcua-kiosk/motcua/kiosk/store"
	"github.com/motcua-kiosk/motcua/kiosk/syncer"
	"github.com/motcua-kiosk/motcua/kiosk/ui"
	"github.com/motcua-kiosk/motcua/kiosk/ui/admin"
	"github.com/motcua-kiosk/motcua/kiosk/ui/desk"
	"github.com/motcua-kiosk/motcua/kiosk/ui/display"
	"github.com/motcua-kiosk/motcua/kiosk/ui/rating"
)

func init() {
	register("demo", "everything on one machine: kiosk, desk, lobby board, rating tablet, virtual printer", runDemo)
}

// Demo accounts, printed at start.
const demoAdminPIN = "123456"

var demoOfficers = []struct{ id, name, pin string }{
	{"cb01", "Nguyễn Thị Hòa", "1111"},
	{"cb02", "Trần Văn Minh", "2222"},
	{"cb03", "Lê Thu Hương", "3333"},
}

func runDemo(ctx context.Context, args []string) error {
	fs := newFlags("demo")
	data := fs.String("data", "", "data directory (default: a new temporary one)")
	listen := fs.String("listen", "127.0.0.1:8700", "LAN API address of the demo hub")
	logLevel := fs.String("log-level", "info", "debug, info, warn or error")
	serverBin := fs.String("server", "", "central server binary to start with the demo (default: server beside this program; \"none\": no central server)")
	if err := parse(fs, args); err != nil {
		return err
	}
	log := newLogger(*logLevel)
	slog.SetDefault(log)
	if *data == "" {
		d, err := os.MkdirTemp("", "motcua-demo-")
		if err != nil {
			return fmt.Errorf("demo: %w", err)
		}
		*data = d
	}
	printDir := filepath.Join(*data, "printer")
	if err := os.MkdirAll(printDir, 0o755); err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	sf, err := settings.Open(*data)
	if err != nil {
		return err
	}
	if err := sf.Update(func(s *settings.Settings) { s.Printer = "virtual:" + printDir; s.Listen = *listen }); err != nil {
		return err
	}
	o, err := openOffice(ctx, *data, log)
	if err != nil {
		return err
	}
	defer o.Close()
	h, st := o.Hub, o.Store
	if err := seedDemo(ctx, h, st); err != nil {
		return err
	}
	central := "—  (bin/server không có / not built: make run builds it)"
	var srv *demoServer
	if bin := findServerBinary(*serverBin); *serverBin != "none" && bin != "" {
		var code string
		officeID, _ := st.Meta(ctx, syncer.KeyOffice)
		srv, code, err = startDemoServer(ctx, bin, filepath.Join(*data, "server"), officeID, h.Config().Office.Name, log)
		if err != nil {
			return err
		}
		defer srv.Stop()
		if err := sf.Update(func(s *settings.Settings) { s.CentralURL = srv.URL }); err != nil {
			return err
		}
		if _, err := o.Sync.Enroll(ctx, srv.URL, code); err != nil {
			return fmt.Errorf("demo: enroll with the demo server: %w", err)
		}
		central = fmt.Sprintf("%s  (báo cáo / reports: %s / %s; nhật ký / log: %s)", srv.URL, demoSupervisor, demoSupervisorPassword, srv.LogPath)
	}
	go func() {
		if err := serveHub(ctx, h, *listen, log); err != nil {
			log.Error("hub server stopped", "err", err)
		}
	}()
	pr := newSwapPrinter(log)
	defer pr.Close()
	pr.open(sf.Get())
	sf.OnChange(func(s settings.Settings) { pr.open(s) })

	a := app.NewWithID("vn.motcua.kiosk.demo")
	k := newKiosk(a, kioskParts{hub: h, store: st, settings: sf, printer: pr, sync: syncStatus{o.Sync, h}, log: log, dataDir: *data})
	// Landscape, so that it fits a 1080-line desktop; the real kiosk is full
	// screen in either orientation.
	w := k.window("Một Cửa — Máy lấy số (demo)", false, fyne.NewSize(1500, 1000))
	go k.disp.Run(ctx)

	// The counter's rating tablet of counter 1.
	tab := rating.NewTablet(rating.Options{API: h, Lang: ui.LangVI, Log: log,
		ServiceName: serviceNames(func(context.Context) (queue.Config, error) { return h.Config(), nil }),
		OfficerName: func(ctx context.Context, id string) string {
			o, err := st.Officer(ctx, id)
			if err != nil {
				return ""
			}
			return o.Name
		}}, 1)
	rw := a.NewWindow("Một Cửa — Đánh giá quầy 1 (demo)")
	rw.SetContent(container.NewThemeOverride(tab.Content(), ui.Theme{}))
	rw.Resize(fyne.NewSize(1000, 640))
	go tab.Run(ctx)
	rw.Show()

	// The other engineer's desk and lobby board.
	dw := desk.NewWindow(a, h, 1, desk.Options{Logger: log})
	dw.Show()
	speaker, closeSpeaker := newSpeaker(log)
	defer closeSpeaker()
	bw := display.NewWindow(a, h, speaker, display.Options{Windowed: true})
	bw.Show()

	fmt.Printf(`
Một Cửa Kiosk — bản chạy thử / demo
  Dữ liệu / data:          %s
  Phiếu in ảo / tickets:   %s (PNG)
  Hub:                     http://%s
  Máy chủ trung tâm:       %s
    (central server; mã QR trên phiếu mở trang của phiếu trên máy chủ này / the ticket's QR opens its page there)
  Menu quản trị / admin:   chạm 5 lần vào góc trên bên trái màn hình lấy số trong 3 giây,
                           rồi nhập PIN %s  (tap the top-left corner of the kiosk 5 times within 3 s, PIN %s)
  Cán bộ / officers:       cb01/1111 (quầy 1), cb02/2222, cb03/3333
  Đánh giá / rating:       gọi số và bấm "Hoàn thành" ở quầy 1 → cửa sổ đánh giá hiện ra
`, *data, printDir, *listen, central, demoAdminPIN, demoAdminPIN)
	go func() {
		<-ctx.Done()
		fyne.Do(a.Quit)
	}()
	w.ShowAndRun()
	return nil
}

// seedDemo makes the demo office open at any hour and gives it officers
// and the demo admin PIN.
func seedDemo(ctx context.Context, h *hub.Hub, st *store.Store) error {
	cfg := queue.DefaultConfig()
	cfg.Office = queue.Office{Name: "UBND xã Hòa An — Trung tâm Phục vụ hành chính công", NameEN: "Hoa An Commune — Public Administrative Service Centre",
		Address: "Số 1 đường Lê Lợi, xã Hòa An"}
	icons := []string{"land", "family", "work", "result"}
	all := []time.Weekday{time.Sunday, time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday}
	for i := range cfg.Services {
		cfg.Services[i].Windows, cfg.Services[i].Days = nil, all
		cfg.Services[i].Icon = icons[i%len(icons)]
	}
	if err := h.SetConfig(ctx, cfg); err != nil {
		return fmt.Errorf("demo config: %w", err)
	}
	for _, o := range demoOfficers {
		if err := st.SetOfficer(ctx, o.id, o.name, o.pin); err != nil {
			return fmt.Errorf("demo officer: %w", err)
		}
	}
	if err := (admin.Guard{Meta: st, Now: time.Now}).SetPIN(ctx, demoAdminPIN); err != nil {
		return err
	}
	return st.SetMeta(ctx, "admin_pin_default", "1")
}
