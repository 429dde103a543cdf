package report

import (
	"math"
	"testing"

	"github.com/motcua-kiosk/motcua/server/db"
)

// TestComputeDossiers: a rating counts for each dossier its ticket
// carried; a dossier rated at two visits has two ratings and is shown with
// the officer of the latest; an officer's dossiers are counted once each.
func TestComputeDossiers(t *testing.T) {
	rows := []db.DossierRating{
		{Office: "o1", Code: "D1", Procedure: "Khai sinh", TicketID: "t1", Day: "2026-11-20", Officer: "cb01", Stars: 5},
		{Office: "o1", Code: "D2", TicketID: "t1", Day: "2026-11-20", Officer: "cb01", Stars: 5},
		{Office: "o1", Code: "D1", Procedure: "Khai sinh", TicketID: "t2", Day: "2026-11-23", Officer: "cb02", Stars: 2},
		{Office: "o1", Code: "D3", TicketID: "t3", Day: "2026-11-21", Officer: "cb01", Stars: 3},
	}
	rep := ComputeDossiers(rows, func(office, id string) string {
		if id == "cb01" {
			return "Nguyễn Thị Lan"
		}
		return ""
	})
	if got := len(rep.ByDossier); got != 3 {
		t.Fatalf("%d dossiers, want 3", got)
	}
	d1 := rep.ByDossier[0]
	if d1.Code != "D1" || d1.Stars.N != 2 || d1.Officer != "cb02" || d1.LastDay != "2026-11-23" || d1.Stars.Mean() != 3.5 {
		t.Errorf("D1 = %+v", d1)
	}
	if got := len(rep.ByOfficer); got != 2 {
		t.Fatalf("%d officers, want 2", got)
	}
	cb01, cb02 := rep.ByOfficer[0], rep.ByOfficer[1]
	if cb01.Officer != "cb01" || cb01.Name != "Nguyễn Thị Lan" || cb01.Dossiers != 3 || cb01.Stars.N != 3 || cb01.Stars.Satisfied.Part != 2 {
		t.Errorf("cb01 = %+v", cb01)
	}
	if cb02.Dossiers != 1 || cb02.Stars.Satisfied.Part != 0 || math.Abs(cb02.Stars.Mean()-2) > 1e-9 {
		t.Errorf("cb02 = %+v", cb02)
	}
	tab, ok := rep.Table("officers", VI)
	if !ok || len(tab.Rows) != 2 || tab.Rows[0][0].Text != "Nguyễn Thị Lan" || tab.Rows[1][0].Text != "cb02" {
		t.Errorf("officers table %+v", tab.Rows)
	}
}
