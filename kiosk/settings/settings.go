package settings

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"golang.org/x/text/unicode/norm"

	"github.com/motcua-kiosk/motcua/kiosk/queue"
)

// FileName is the settings file's name in the data directory.
const FileName = "settings.json"

// Roles a machine can take from the admin menu.
const (
	RoleDispenser = "dispenser"
	RoleRating    = "rating"
)

// Settings are one machine's settings.
type Settings struct {
	Role           string `json:"role"`            // RoleDispenser or RoleRating
	Printer        string `json:"printer"`         // printer SPEC: /dev/ttyUSB0, usb:VID:PID, file:PATH, virtual:DIR; "" none
	PrinterProfile string `json:"printer_profile"` // profile name in assets/printers/profiles.json
	PrinterBaud    int    `json:"printer_baud"`
	Scanner        string `json:"scanner"` // serial port of the barcode scanner; "" none
	ScannerBaud    int    `json:"scanner_baud"`
	Listen         string `json:"listen"`  // LAN address the dispenser's hub serves on
	HubURL         string `json:"hub_url"` // the hub a rating tablet talks to
	HubToken       string `json:"hub_token,omitempty"`
	Counter        int    `json:"counter"`     // the counter a rating tablet belongs to
	CentralURL     string `json:"central_url"` // central server; tickets' QR is CentralURL + "/t/" + ref
	Language       string `json:"language"`    // "vi" or "en": the language each citizen starts with
	TicketSeconds  int    `json:"ticket_seconds"`
	RatingSeconds  int    `json:"rating_seconds"`
	// ScannerSuffix is an extra end-of-code the scanner is set to send
	// (e.g. "\t"); CR and LF always end one.
	ScannerSuffix string `json:"scanner_suffix,omitempty"`
	// DossierSource is where "Tra cứu hồ sơ" asks a dossier's status:
	// "" (none: the home screen shows no such key), DossierOpenCPS with
	// OpenCPSURL and OpenCPSGroup, or DossierCentral (this project's
	// central server at CentralURL, for offices with no other system).
	DossierSource string `json:"dossier_source,omitempty"`
	OpenCPSURL    string `json:"opencps_url,omitempty"`      // the portal's root, e.g. https://dichvucong.tinh.gov.vn
	OpenCPSGroup  string `json:"opencps_group_id,omitempty"` // the Liferay site id OpenCPS wants as the groupId header
	// ResultService is the queue service (its code) a ready dossier's
	// "Lấy số nhận kết quả" issues a ticket in; "" means the service
	// named "Trả kết quả". See ResultServiceIn.
	ResultService string `json:"result_service,omitempty"`
	// The voice (volume, on/off, English) is the office's, in the hub's
	// configuration, so that every display follows the admin menu; a
	// voice_volume left in an older settings.json is ignored.

	// The citizen screens' speech (kiosk/speech, issue 16) is this
	// machine's: SpeakAuto says each screen when it opens (otherwise only
	// the "Nghe hướng dẫn" key does); SpeechVolume (0-100) is where the
	// volume key starts for each citizen. SpeechOutput is the sound
	// output it plays on: "" the system's default (as the lobby voice), or
	// an ALSA device name such as a headset's (speech.Devices lists them).
	SpeakAuto    bool   `json:"speak_auto"`
	SpeechVolume int    `json:"speech_volume"`
	SpeechOutput string `json:"speech_output,omitempty"`
	// PanelInches is the screen's diagonal and PanelWidth x PanelHeight
	// its pixels: they turn the screens' sizes into millimetres for the
	// accessibility audit's 15 mm touch targets (MMPerPixel).
	PanelInches float64 `json:"panel_inches"`
	PanelWidth  int     `json:"panel_width"`
	PanelHeight int     `json:"panel_height"`
}

// MMPerPixel is the size of one screen pixel in millimetres, from the
// panel's diagonal and pixels (21.5" at 1920x1080: 0.248 mm).
func (s Settings) MMPerPixel() float64 {
	w, h := float64(s.PanelWidth), float64(s.PanelHeight)
	if s.PanelInches <= 0 || w <= 0 || h <= 0 {
		d := Defaults()
		return d.MMPerPixel()
	}
	return s.PanelInches * 25.4 / math.Hypot(w, h)
}

// Defaults are the settings of a new machine.
func Defaults() Settings {
	return Settings{
		Role: RoleDispenser, PrinterProfile: "generic-80mm", PrinterBaud: 9600, ScannerBaud: 9600,
		Listen: ":8700", Language: "vi", TicketSeconds: 15, RatingSeconds: 30,
		CentralURL:   "https://motcua.example.gov.vn",
		SpeechVolume: 80, PanelInches: 21.5, PanelWidth: 1920, PanelHeight: 1080,
	}
}

func fieldErr(field, vi, en string, args ...any) error {
	return &queue.FieldError{Field: field, Msg: fmt.Sprintf(vi, args...), MsgEN: fmt.Sprintf(en, args...)}
}

var bauds = map[int]bool{1200: true, 2400: true, 4800: true, 9600: true, 19200: true, 38400: true, 57600: true, 115200: true}

// Validate checks every field and returns the first problem as a
// *queue.FieldError.
func (s Settings) Validate() error {
	switch s.Role {
	case RoleDispenser, RoleRating:
	default:
		return fieldErr("role", "Vai trò %q không hợp lệ (máy lấy số hoặc máy đánh giá)", "role %q must be dispenser or rating", s.Role)
	}
	if p := s.Printer; p != "" {
		kind, rest, _ := strings.Cut(p, ":")
		switch {
		case (kind == "file" || kind == "virtual") && rest == "":
			return fieldErr("printer", "Cổng máy in %q thiếu đường dẫn", "printer %q needs a path", p)
		case kind == "usb" && !validVIDPID(rest):
			return fieldErr("printer", "Máy in USB phải có dạng usb:VID:PID, ví dụ usb:0416:5011", "USB printer must be usb:VID:PID, e.g. usb:0416:5011")
		case strings.ContainsAny(p, " \t"):
			return fieldErr("printer", "Cổng máy in không được có dấu cách", "printer port must not contain spaces")
		}
	}
	if s.PrinterProfile == "" {
		return fieldErr("printer_profile", "Chưa chọn loại máy in", "printer model is empty")
	}
	if !bauds[s.PrinterBaud] {
		return fieldErr("printer_baud", "Tốc độ máy in %d không hợp lệ (thường là 9600, 19200, 38400 hoặc 115200)", "printer baud %d is not a standard rate", s.PrinterBaud)
	}
	if strings.ContainsAny(s.Scanner, " \t") {
		return fieldErr("scanner", "Cổng máy quét không được có dấu cách", "scanner port must not contain spaces")
	}
	if !bauds[s.ScannerBaud] {
		return fieldErr("scanner_baud", "Tốc độ máy quét %d không hợp lệ", "scanner baud %d is not a standard rate", s.ScannerBaud)
	}
	if s.Listen != "" {
		if _, port, ok := strings.Cut(s.Listen, ":"); !ok || port == "" {
			return fieldErr("listen", "Cổng phục vụ phải có dạng :8700 hoặc 0.0.0.0:8700", "listen address must look like :8700")
		}
	}
	if s.Role == RoleRating {
		if err := checkURL(s.HubURL); err != nil {
			return fieldErr("hub_url", "Địa chỉ hub %q không hợp lệ, ví dụ http://192.168.1.10:8700", "hub address %q is not a valid URL", s.HubURL)
		}
		if s.Counter < 1 || s.Counter > 999 {
			return fieldErr("counter", "Máy đánh giá phải thuộc một quầy từ 1 đến 999", "a rating tablet needs a counter 1-999")
		}
	} else if s.HubURL != "" && checkURL(s.HubURL) != nil {
		return fieldErr("hub_url", "Địa chỉ hub %q không hợp lệ, ví dụ http://192.168.1.10:8700", "hub address %q is not a valid URL", s.HubURL)
	}
	if s.CentralURL != "" && checkURL(s.CentralURL) != nil {
		return fieldErr("central_url", "Địa chỉ máy chủ trung tâm %q không hợp lệ, ví dụ https://motcua.tinh.gov.vn", "central server %q is not a valid URL", s.CentralURL)
	}
	switch s.DossierSource {
	case "":
	case DossierCentral:
		if s.CentralURL == "" {
			return fieldErr("central_url", "Tra cứu hồ sơ qua máy chủ trung tâm cần địa chỉ máy chủ trung tâm", "the dossier look-up on the central server needs the central server's address")
		}
	case DossierOpenCPS:
		if checkURL(s.OpenCPSURL) != nil {
			return fieldErr("opencps_url", "Địa chỉ hệ thống một cửa OpenCPS %q không hợp lệ, ví dụ https://dichvucong.tinh.gov.vn", "OpenCPS address %q is not a valid URL", s.OpenCPSURL)
		}
	default:
		return fieldErr("dossier_source", "Nguồn tra cứu hồ sơ %q không hợp lệ (để trống, opencps hoặc central)", "dossier source %q must be empty, opencps or central", s.DossierSource)
	}
	if strings.ContainsAny(s.ResultService, " \t") {
		return fieldErr("result_service", "Mã lĩnh vực trả kết quả không được có dấu cách", "result service code must not contain spaces")
	}
	if s.Language != "vi" && s.Language != "en" {
		return fieldErr("language", "Ngôn ngữ phải là Tiếng Việt (vi) hoặc English (en)", "language must be vi or en")
	}
	if s.TicketSeconds < 5 || s.TicketSeconds > 120 {
		return fieldErr("ticket_seconds", "Thời gian hiện phiếu phải từ 5 đến 120 giây", "ticket screen time must be 5-120 s")
	}
	if s.RatingSeconds < 10 || s.RatingSeconds > 300 {
		return fieldErr("rating_seconds", "Thời gian chờ đánh giá phải từ 10 đến 300 giây", "rating time must be 10-300 s")
	}
	if s.SpeechVolume < 0 || s.SpeechVolume > 100 {
		return fieldErr("speech_volume", "Âm lượng đọc màn hình phải từ 0 đến 100", "speech volume must be 0-100")
	}
	if !validDevice(s.SpeechOutput) {
		return fieldErr("speech_output", "Tên thiết bị âm thanh %q không hợp lệ (chỉ chữ, số và _ : = , . -)", "sound output %q is not an ALSA device name", s.SpeechOutput)
	}
	if s.PanelInches < 7 || s.PanelInches > 100 {
		return fieldErr("panel_inches", "Cỡ màn hình phải từ 7 đến 100 inch (đường chéo)", "screen diagonal must be 7-100 inches")
	}
	if s.PanelWidth < 480 || s.PanelHeight < 480 || s.PanelWidth > 7680 || s.PanelHeight > 7680 {
		return fieldErr("panel_width", "Độ phân giải màn hình phải từ 480 đến 7680 điểm mỗi chiều, ví dụ 1920 x 1080", "screen resolution must be 480-7680 pixels each way, e.g. 1920 x 1080")
	}
	return nil
}

func checkURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return errors.New("bad url")
	}
	return nil
}

// validDevice: "" or an ALSA PCM name (letters, digits, _ : = , . -),
// not starting with "-" (it is passed to aplay -D), at most 128 bytes.
func validDevice(s string) bool {
	if len(s) > 128 || strings.HasPrefix(s, "-") {
		return false
	}
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.ContainsRune("_:=,.-", c)) {
			return false
		}
	}
	return true
}

func validVIDPID(s string) bool {
	v, p, ok := strings.Cut(s, ":")
	hex := func(x string) bool {
		if len(x) != 4 {
			return false
		}
		for _, c := range strings.ToLower(x) {
			if !strings.ContainsRune("0123456789abcdef", c) {
				return false
			}
		}
		return true
	}
	return ok && hex(v) && hex(p)
}

// The DossierSource values: an OpenCPS one-stop system, or this
// project's central server.
const (
	DossierOpenCPS = "opencps"
	DossierCentral = "central"
)

// ResultServiceName is the name of the queue service a ready dossier's
// ticket goes to when ResultService is not set (DOMAIN.md: "Trả kết quả"
// is its own queue in real offices).
const ResultServiceName = "Trả kết quả"

// ResultServiceIn is the code of the service in cfg that tickets for
// collecting a result go to: ResultService, which must name a service of
// cfg that is not disabled, or else the service whose name is "Trả kết
// quả" (letter case and Unicode form aside). With neither it returns a
// *queue.FieldError for "result_service": the kiosk then offers no
// such ticket. Validate cannot check this (the services are the office's,
// in the hub), so whoever has both calls it: the dispenser at each ticket,
// the kiosk at start-up for its log.
func (s Settings) ResultServiceIn(cfg queue.Config) (string, error) {
	if code := s.ResultService; code != "" {
		for _, sv := range cfg.Services {
			if sv.Code == code {
				if sv.Disabled {
					return "", fieldErr("result_service", "Lĩnh vực trả kết quả %q đang tắt", "result service %q is disabled", code)
				}
				return code, nil
			}
		}
		return "", fieldErr("result_service", "Không có lĩnh vực mã %q để trả kết quả; hãy chọn một lĩnh vực có trong danh sách", "no service has code %q for collecting results", code)
	}
	want := strings.ToLower(norm.NFC.String(ResultServiceName))
	for _, sv := range cfg.Services {
		if !sv.Disabled && strings.ToLower(norm.NFC.String(strings.TrimSpace(sv.Name))) == want {
			return sv.Code, nil
		}
	}
	return "", fieldErr("result_service", "Chưa có lĩnh vực %q; hãy chọn lĩnh vực dùng để trả kết quả", "no service is named %q; choose the service for collecting results", ResultServiceName)
}

// TicketURL is the address the ticket's QR code carries.
func (s Settings) TicketURL(ref string) string {
	if s.CentralURL == "" || ref == "" {
		return ""
	}
	return strings.TrimRight(s.CentralURL, "/") + "/t/" + ref
}

// File is the settings file of a data directory, with the settings in
// force. Its methods are safe for concurrent use.
type File struct {
	path string

	mu        sync.Mutex
	cur       Settings
	listeners []func(Settings)
}

// Open reads dir/settings.json; a missing file gives Defaults (not yet
// written). Unknown fields are kept out; missing fields take defaults.
func Open(dir string) (*File, error) {
	f := &File{path: filepath.Join(dir, FileName), cur: Defaults()}
	b, err := os.ReadFile(f.path)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return f, nil
	case err != nil:
		return nil, fmt.Errorf("read settings: %w", err)
	}
	s := Defaults()
	if err := json.Unmarshal(b, &s); err != nil {
		return nil, fmt.Errorf("read settings %s: %w", f.path, err)
	}
	if err := s.Validate(); err != nil {
		return nil, fmt.Errorf("read settings %s: %w", f.path, err)
	}
	f.cur = s
	return f, nil
}

// Path returns the file's path.
func (f *File) Path() string { return f.path }

// Get returns the settings in force.
func (f *File) Get() Settings {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.cur
}

// Set validates s, writes it atomically and puts it in force, then tells
// the listeners. An invalid s changes nothing.
func (f *File) Set(s Settings) error {
	if err := s.Validate(); err != nil {
		return err
	}
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return fmt.Errorf("save settings: %w", err)
	}
	f.mu.Lock()
	if err := writeAtomic(f.path, append(b, '\n')); err != nil {
		f.mu.Unlock()
		return fmt.Errorf("save settings: %w", err)
	}
	f.cur = s
	ls := append([]func(Settings){}, f.listeners...)
	f.mu.Unlock()
	for _, l := range ls {
		l(s)
	}
	return nil
}

// Update applies change to a copy of the settings in force and Sets it.
func (f *File) Update(change func(*Settings)) error {
	s := f.Get()
	change(&s)
	return f.Set(s)
}

// OnChange registers fn to be called after every successful Set, so that
// changes apply without a restart. fn runs on the caller's goroutine.
func (f *File) OnChange(fn func(Settings)) {
	f.mu.Lock()
	f.listeners = append(f.listeners, fn)
	f.mu.Unlock()
}

// writeAtomic writes b to path through a temporary file in the same
// directory, synced and renamed over path, then syncs the directory.
func writeAtomic(path string, b []byte) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o600); err != nil { // it may hold the hub token
		tmp.Close()
		return err
	}
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return err
	}
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}
