package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/motcua-kiosk/motcua/kiosk/dossiers"
	"github.com/motcua-kiosk/motcua/kiosk/wire"
	"github.com/motcua-kiosk/motcua/server/db"
	"github.com/motcua-kiosk/motcua/server/report"
)

// dossierMessages are the dossier page's strings, merged into messages.
var dossierMessages = map[string][2]string{
	"d.title":     {"Tra cứu hồ sơ", "Dossier status"},
	"d.code":      {"Mã hồ sơ", "Dossier code"},
	"d.procedure": {"Thủ tục", "Procedure"},
	"d.received":  {"Ngày tiếp nhận", "Received on"},
	"d.promised":  {"Ngày hẹn trả kết quả", "Result promised for"},
	"d.none":      {"chưa có", "not set"},
	"d.state":     {"Tình trạng", "Status"},
	"d.step":      {"Bước đang giải quyết", "Current step"},
	"d.unit":      {"Đơn vị đang giữ hồ sơ", "Unit holding it"},
	"d.late":      {"Hồ sơ đã quá hạn hẹn trả kết quả.", "The dossier is past its promised date."},
	"d.ontime":    {"Hồ sơ đang trong hạn giải quyết.", "The dossier is within its promised time."},
	"d.ready":     {"Kết quả đã sẵn sàng: mời ông/bà đến Bộ phận Một cửa, lấy số “Trả kết quả” để nhận.", "The result is ready: come to the one-stop office and take a “Trả kết quả” (results) number to collect it."},
	"d.history":   {"Quá trình giải quyết", "History"},
	"d.asof":      {"Thông tin lúc", "As of"},
	"d.nf.title":  {"Không tìm thấy hồ sơ", "Dossier not found"},
	"d.nf.text":   {"Không có hồ sơ nào mang mã này trên hệ thống. Vui lòng kiểm tra lại mã trên Giấy tiếp nhận hồ sơ và hẹn trả kết quả.", "No dossier has this code. Please check the code on the dossier receipt."},
	"d.key.title": {"Mã bí mật không đúng", "Wrong secret key"},
	"d.key.text":  {"Mã bí mật của hồ sơ không đúng hoặc chưa có. Vui lòng quét mã QR trên Giấy tiếp nhận hồ sơ và hẹn trả kết quả (mã này có kèm mã bí mật).", "The dossier's secret key is wrong or missing. Please scan the QR code on the dossier receipt (it carries the key)."},
}

func init() {
	for k, v := range dossierMessages {
		messages[k] = v
	}
}

// dossierStatus reads the dossier named by the request's {code} and
// secretKey: the canonical code (dossiers.Parse), then the database.
func (s *Server) dossierStatus(r *http.Request) (wire.DossierStatus, *time.Location, error) {
	ref, err := dossiers.Parse(r.PathValue("code"))
	if err != nil || ref.URL != "" {
		return wire.DossierStatus{}, nil, db.ErrNotFound
	}
	x, err := s.db.Dossier(r.Context(), ref.Code, r.URL.Query().Get("secretKey"))
	if err != nil {
		return wire.DossierStatus{}, nil, err
	}
	w := wire.DossierStatus{Code: x.Code, ProcedureCode: x.ProcedureCode, Procedure: x.ProcedureName,
		State: x.State, ReceivedAt: x.ReceivedAt, DueAt: x.DueAt, FinishedAt: x.FinishedAt,
		Step: x.Step, Unit: x.Unit, History: []wire.DossierEntry{}}
	loc := s.opt.Location
	if o, err := s.db.Office(r.Context(), x.Office); err == nil {
		w.Agency, w.TimeZone, loc = o.Name, o.TimeZone, o.Location()
	}
	for _, h := range x.History {
		w.History = append(w.History, wire.DossierEntry{At: h.At, State: h.State, Step: h.Step, Unit: h.Unit})
	}
	return w, loc, nil
}

// dossierAPI is the public read route GET /api/v1/dossiers/{code}: the
// status as JSON for the kiosk's dossiers.Central source.
func (s *Server) dossierAPI(w http.ResponseWriter, r *http.Request) {
	st, _, err := s.dossierStatus(r)
	w.Header().Set("Content-Type", "application/json")
	switch {
	case errors.Is(err, db.ErrNotFound):
		w.WriteHeader(http.StatusNotFound)
		json.NewEncoder(w).Encode(wire.Error{Error: "dossier not found"})
	case errors.Is(err, db.ErrWrongSecret):
		w.WriteHeader(http.StatusForbidden)
		json.NewEncoder(w).Encode(wire.Error{Error: "wrong or missing secretKey"})
	case err != nil:
		s.log.Error("dossier look-up", "err", err)
		w.WriteHeader(http.StatusServiceUnavailable)
		json.NewEncoder(w).Encode(wire.Error{Error: "database unavailable"})
	default:
		json.NewEncoder(w).Encode(st)
	}
}

type dossierData struct {
	Code, Procedure, Agency       string
	Received, Promised, AsOf      string
	State, Step, Unit             string
	Late, Ready, Finished, Active bool
	History                       []dossierLine
}

type dossierLine struct{ At, Text, Unit string }

// dossierPage is the public status page behind the slip's QR,
// GET /hs/{code}?secretKey=...: the same status as the JSON route, in
// Vietnamese (English with ?lang=en).
func (s *Server) dossierPage(w http.ResponseWriter, r *http.Request) {
	st, loc, err := s.dossierStatus(r)
	switch {
	case errors.Is(err, db.ErrNotFound):
		s.message(w, r, http.StatusNotFound, "d.nf.title", "d.nf.text")
		return
	case errors.Is(err, db.ErrWrongSecret):
		s.message(w, r, http.StatusForbidden, "d.key.title", "d.key.text")
		return
	case err != nil:
		s.fail(w, r, "dossier page", err)
		return
	}
	l := lang(r)
	ds := dossiers.FromWire(st, s.now(), loc)
	code := "vi"
	if l == report.EN {
		code = "en"
	}
	const layout = "02/01/2006"
	d := dossierData{Code: ds.Code, Procedure: ds.Procedure, Agency: ds.Agency, Received: ds.Received.Format(layout),
		Promised: tr(l, "d.none"), AsOf: ds.AsOf.In(loc).Format("15:04 02/01/2006"), State: ds.State.Text(code),
		Step: ds.Step.Name, Unit: ds.Step.Unit, Late: ds.Late, Ready: ds.Ready,
		Finished: ds.State == dossiers.StateDone || ds.State == dossiers.StateDenied || ds.State == dossiers.StateCancelled}
	if !ds.Promised.IsZero() {
		d.Promised = ds.Promised.Format(layout)
	}
	for _, h := range st.History {
		text := dossiers.WireState(h.State).Text(code)
		if h.Step != "" {
			text = h.Step + " — " + text
		}
		d.History = append(d.History, dossierLine{At: h.At.In(loc).Format("15:04 02/01/2006"), Text: text, Unit: h.Unit})
	}
	s.render(w, r, http.StatusOK, "dossier", page{Title: tr(l, "d.title") + " " + ds.Code, Data: d})
}

// ticketDossier is one dossier on the ticket page.
type ticketDossier struct {
	Code, State, Where string
}

func init() {
	for k, v := range map[string][2]string{
		"t.dossiers":   {"Hồ sơ của phiếu này", "Dossiers of this ticket"},
		"t.d.other":    {"Tra cứu tình trạng trên hệ thống một cửa của tỉnh hoặc tại máy lấy số.", "Look its status up on the province's one-stop system or at the kiosk."},
		"t.d.stepunit": {"%s, tại %s", "%s, at %s"},
	} {
		messages[k] = v
	}
}

// ticketDossiers are the dossiers the desk attached to the ticket, with
// their state when the central server keeps them. The ticket's ref is the
// citizen's own secret, so the page may show them; a failure only logs.
func (s *Server) ticketDossiers(r *http.Request, t db.TicketRow) []ticketDossier {
	xs, err := s.db.TicketDossiers(r.Context(), t.Office, t.ID)
	if err != nil {
		s.log.Warn("ticket page: dossiers", "ticket", t.ID, "err", err)
		return nil
	}
	l := lang(r)
	code := "vi"
	if l == report.EN {
		code = "en"
	}
	var out []ticketDossier
	for _, x := range xs {
		d := ticketDossier{Code: x.Code}
		if x.Kept {
			d.State = dossiers.WireState(x.State).Text(code)
			if x.Step != "" && x.Unit != "" {
				d.Where = fmt.Sprintf(tr(l, "t.d.stepunit"), x.Step, x.Unit)
			}
		} else {
			d.Where = tr(l, "t.d.other")
		}
		out = append(out, d)
	}
	return out
}
