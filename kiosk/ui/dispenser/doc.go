// Package dispenser is the citizen's ticket kiosk: the home screen with one
// big button per service (people waiting, estimated wait, or why it is
// closed), a priority choice, the language switch and the "Đánh giá"
// entry; and the ticket screen with the number, the QR and "Vui lòng nhận
// phiếu", shown while the ticket prints in the background. Two taps at
// most from home to a ticket in hand (priority, then service).
//
// The printer never blocks the screen: a failed print says so plainly,
// keeps the number up longer and alerts staff through the hub. A second
// tap while a ticket is being issued is ignored, so a double tap gives one
// ticket.
package dispenser
