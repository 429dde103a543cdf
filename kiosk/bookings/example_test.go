package bookings_test

import (
	"fmt"
	"time"

	"github.com/motcua-kiosk/motcua/kiosk/bookings"
	"github.com/motcua-kiosk/motcua/kiosk/queue"
)

// The check-in rule at the kiosk for a 09:30 booking, with the default
// window of 15 minutes before to 10 after.
func ExampleDecide() {
	loc := queue.Zone("Asia/Ho_Chi_Minh")
	slot := time.Date(2026, 12, 8, 9, 30, 0, 0, loc)
	b := &bookings.Booking{Code: "K7MQ2PT", Service: "A", Start: slot, Status: bookings.StatusBooked}
	for _, hm := range []string{"09:10", "09:20", "09:38", "09:45"} {
		now, _ := time.ParseInLocation("2006-01-02 15:04", "2026-12-08 "+hm, loc)
		d := bookings.Decide(b, now, bookings.DefaultRules(), loc)
		fmt.Printf("%s %-6s %s\n", hm, d.Outcome, d.Vi)
		if d.Outcome == bookings.OutcomeBooked {
			fmt.Printf("      waits from %s\n", d.WaitFrom.Format("15:04"))
		}
	}
	// Output:
	// 09:10 early  Lịch hẹn của ông/bà là lúc 09:30. Mời ông/bà quay lại xác nhận từ 09:15.
	// 09:20 booked Đã xác nhận lịch hẹn lúc 09:30. Mời ông/bà nhận số.
	//       waits from 09:30
	// 09:38 booked Đã xác nhận lịch hẹn lúc 09:30. Mời ông/bà nhận số.
	//       waits from 09:38
	// 09:45 late   Ông/bà đến muộn hơn 10 phút so với giờ hẹn 09:30 nên lịch hẹn không còn được giữ chỗ. Mời ông/bà lấy số thường.
}

// A code as a citizen reads it from the slip, types it on the kiosk, or
// the scanner reads it from the QR.
func ExampleParseCode() {
	for _, s := range []string{"k7m-q2pt", " K7M Q2PT ", "https://motcua.example.gov.vn/b/K7MQ2PT", "K7M-Q2PR", "K7N-Q2PT", "K7M-Q2P0"} {
		code, err := bookings.ParseCode(s)
		fmt.Printf("%-42q %q %v\n", s, code, err)
	}
	// Output:
	// "k7m-q2pt"                                 "K7MQ2PT" <nil>
	// " K7M Q2PT "                               "K7MQ2PT" <nil>
	// "https://motcua.example.gov.vn/b/K7MQ2PT"  "K7MQ2PT" <nil>
	// "K7M-Q2PR"                                 "" booking code: check symbol does not match
	// "K7N-Q2PT"                                 "" booking code: check symbol does not match
	// "K7M-Q2P0"                                 "" booking code: not a code
}
