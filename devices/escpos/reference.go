package escpos

import "github.com/motcua-kiosk/motcua/devices"

// ReferenceURL is the reference ticket's QR content: a 40-character
// ticket URL, the length the benchmarks are specified for.
const ReferenceURL = "https://motcua.tanhoa.gov.vn/t/A012-K7Q2"

// ReferenceTicket is the ticket the benchmarks, the golden files, the
// virtual printer's tests and `kiosk print-test` all print: a real
// service name with many diacritics, and an office name in capitals,
// the case TCVN-3 page 1 cannot write; and where to go, the counters
// serving the service.
func ReferenceTicket() devices.Ticket {
	return devices.Ticket{
		Office:   "UBND XÃ TÂN HÒA - TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG",
		Heading:  "Số thứ tự của bạn",
		Number:   "A012",
		Service:  "Cấp đổi, cấp lại giấy xác nhận khuyết tật",
		Counters: "Quầy phục vụ: 1, 2",
		Lines: []string{
			"Giờ lấy số: 08:15 12/05/2025",
			"Số người đang chờ: 5",
			"Thời gian chờ dự kiến: khoảng 25 phút",
		},
		QR: ReferenceURL,
	}
}
