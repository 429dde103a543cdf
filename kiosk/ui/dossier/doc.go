// Package dossier is the kiosk's "Tra cứu hồ sơ": the citizen scans the
// QR or barcode of the "Giấy tiếp nhận hồ sơ và hẹn trả kết quả" on the
// serial scanner, or types the dossier code on the on-screen keyboard,
// and reads where the dossier is — the procedure, the day it was
// received, the promised return date, the step it is at and the unit
// holding it, on time or how many days late, and its history when short.
// A dossier whose result is ready offers "Lấy số nhận kết quả", a ticket
// in the office's result-return queue; one not ready says when it is due
// and offers no ticket.
//
// It talks to the one-stop system only through dossiers.Source (and reads
// codes only through dossiers.Parse), so the same screens serve OpenCPS,
// the central server, or a fake in tests. Offline, a cached status is
// shown with its time and said plainly to be not live. Screens are paged,
// never scrolled; left untouched they warn ("Màn hình này sắp đóng", a
// tap gives the time again) and then close for the next citizen. Every
// page has the "Nghe hướng dẫn" key, which says what the page shows in
// its language, in reading order, dates said as dates (issue 16).
package dossier
