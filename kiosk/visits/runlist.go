package visits

import (
	"fmt"
	"time"

	"github.com/motcua-kiosk/motcua/devices"
	"github.com/motcua-kiosk/motcua/kiosk/queue"
)

// RunList is the day's run list as ticket-printer jobs, in Vietnamese: a
// cover listing every stop, then one slip per stop — the number, the
// procedure, area, reason, citizen, address, phone, note and the QR of
// the visit's ticket page — cut apart so the officer leaves each slip with
// its citizen, who rates the visit from the QR. Stops are the day's
// scheduled visits in run order (area, then when they were recorded);
// done and cancelled ones are left out. ticketURL makes the QR's address
// from a ref (settings.TicketURL); "" prints no QR. printed is when the
// list is printed, shown in the office's zone.
func RunList(cfg queue.Config, day string, vs []Visit, ticketURL func(ref string) string, printed time.Time) []devices.Ticket {
	loc := cfg.Location()
	var stops []Visit
	for _, v := range vs {
		if v.Day == day && v.Status == StatusScheduled && v.Ticket != nil {
			stops = append(stops, v)
		}
	}
	SortRun(stops)
	dayText := DayText(day, loc)
	at := printed.In(loc).Format("15:04 02/01/2006")
	cover := devices.Ticket{Office: cfg.Office.Name, Address: cfg.Office.Address,
		Heading: "Danh sách giải quyết thủ tục tận nhà", Service: dayText,
		Footer: fmt.Sprintf("%d điểm đến · In lúc %s", len(stops), at)}
	if len(stops) == 0 {
		cover.Lines = []string{"Không có lượt tận nhà nào trong ngày."}
	}
	for i, v := range stops {
		cover.Lines = append(cover.Lines, fmt.Sprintf("%d. %s · %s — %s, %s", i+1, v.Ticket.Number, v.Area, v.Citizen, v.Address))
	}
	out := []devices.Ticket{cover}
	for i, v := range stops {
		prio := "Lý do: " + v.Reason.Label("vi")
		if v.Urgent {
			prio += " · GẤP"
		}
		lines := []string{"Người dân: " + v.Citizen, "Địa chỉ: " + v.Address, "Điện thoại: " + v.Phone}
		if v.Note != "" {
			lines = append(lines, "Ghi chú: "+v.Note)
		}
		lines = append(lines, fmt.Sprintf("Điểm %d/%d · %s", i+1, len(stops), dayText))
		t := devices.Ticket{Office: cfg.Office.Name, Heading: "Giải quyết thủ tục tận nhà", Number: v.Ticket.Number,
			Service: v.ProcedureName, Counters: "Địa bàn: " + v.Area, Priority: prio, Lines: lines,
			Footer: "Cảm ơn ông/bà đã đánh giá cán bộ phục vụ"}
		if ticketURL != nil {
			if u := ticketURL(v.Ticket.Ref); u != "" {
				t.QR, t.QRNote = u, "Quét mã để đánh giá sau khi làm xong thủ tục"
			}
		}
		out = append(out, t)
	}
	return out
}

// DayText is an office-local date as staff read it: "Thứ Năm 17/12/2026".
func DayText(day string, loc *time.Location) string {
	d, err := time.ParseInLocation(time.DateOnly, day, loc)
	if err != nil {
		return day
	}
	return WeekdayName(d.Weekday()) + " " + d.Format("02/01/2006")
}
