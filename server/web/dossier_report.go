package web

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"

	"github.com/motcua-kiosk/motcua/server/db"
	"github.com/motcua-kiosk/motcua/server/report"
)

func init() {
	for k, v := range map[string][2]string{
		"rd.title": {"Đánh giá theo hồ sơ", "Ratings by dossier"},
		"rd.link":  {"Xem mức độ hài lòng theo hồ sơ và tổng hợp theo cán bộ tính theo hồ sơ (Thông tư 01/2018/TT-VPCP)", "See satisfaction by dossier and the officers' totals counted by dossier (Circular 01/2018/TT-VPCP)"},
		"rd.back":  {"← Báo cáo chung", "← Main report"},
		"rd.empty": {"Chưa có lượt đánh giá nào gắn với hồ sơ trong khoảng thời gian này. Cán bộ gắn mã hồ sơ vào phiếu ở máy quầy khi phục vụ.", "No rating carries a dossier in this period yet. Officers attach dossier codes to the ticket at the desk while serving."},
	} {
		messages[k] = v
	}
}

type dossierReportData struct {
	Q      query
	Empty  bool
	Back   string
	Tables []dossierTableView
}

// dossierTableView is a report table with its CSV link, for the template.
type dossierTableView struct {
	report.Table
	CSV string
}

// dossierReport computes the dossier report for the request's filters
// (the same from/to/office/officer/service as /reports).
func (s *Server) dossierReport(r *http.Request) (report.Dossiers, query, error) {
	q := s.parseQuery(r, sessionOf(r))
	rows, err := s.db.DossierRatings(r.Context(), q.Filter)
	if err != nil {
		return report.Dossiers{}, q, err
	}
	names, err := s.db.LoadNames(r.Context(), db.OfficerNames)
	if err != nil {
		return report.Dossiers{}, q, err
	}
	name := func(office, id string) string {
		if n := names.Name(office, id); n != id {
			return n
		}
		return ""
	}
	return report.ComputeDossiers(rows, name), q, nil
}

// dossierReportPage is GET /reports/dossiers: satisfaction per dossier and
// Circular 01/2018's per-officer totals counted by dossier.
func (s *Server) dossierReportPage(w http.ResponseWriter, r *http.Request) {
	l := lang(r)
	rep, q, err := s.dossierReport(r)
	if err != nil {
		s.fail(w, r, "dossier report", err)
		return
	}
	d := dossierReportData{Q: q, Empty: len(rep.ByDossier) == 0, Back: "/reports?" + r.URL.RawQuery}
	for _, t := range rep.Tables(l) {
		u := url.URL{Path: "/reports/dossiers/csv/" + t.ID, RawQuery: r.URL.RawQuery}
		d.Tables = append(d.Tables, dossierTableView{Table: t, CSV: u.String()})
	}
	sess := sessionOf(r)
	s.render(w, r, http.StatusOK, "dossier_report", page{Title: tr(l, "rd.title"), Session: sess, CSRF: sess.CSRF, Data: d})
}

// dossierReportCSV is GET /reports/dossiers/csv/{table}: "dossiers" or "officers".
func (s *Server) dossierReportCSV(w http.ResponseWriter, r *http.Request) {
	l := lang(r)
	rep, q, err := s.dossierReport(r)
	if err != nil {
		s.fail(w, r, "dossier report csv", err)
		return
	}
	id := r.PathValue("table")
	t, ok := rep.Table(id, l)
	if !ok {
		s.message(w, r, http.StatusNotFound, "nf.title", "nf.text")
		return
	}
	var buf bytes.Buffer
	if err := report.WriteCSV(&buf, t); err != nil {
		s.fail(w, r, "dossier report csv", err)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="danh-gia-ho-so-%s_%s_%s.csv"`, id, q.From, q.To))
	w.Write(buf.Bytes())
}
